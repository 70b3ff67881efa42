import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { ImportModal } from '../../components/ImportModal.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { importOrgUnits } from './org.api.ts';
import { downloadImportTemplate } from './org-import-template.ts';

/**
 * Uploads an .xlsx of units. The server writes all rows or none; when it refuses, every problem is
 * listed by row and column so the user can fix the file and try again.
 */
export function ImportOrgModal({ open, templateParentCode, onClose, onImported }: { open: boolean; templateParentCode: string; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  return (
    <ImportModal
      open={open}
      title={t('org.importTitle')}
      hint={t('org.importHint')}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => downloadImportTemplate(templateParentCode, [t('org.templateExample1'), t('org.templateExample2')])} style={{ marginBottom: 12 }}>
          {t('org.importTemplate')}
        </Button>
      }
      run={async (file) => {
        const result = await importOrgUnits(file);
        onImported();
        return result;
      }}
      doneTitle={(done) => t('org.importDone', done)}
      onClose={onClose}
    />
  );
}
