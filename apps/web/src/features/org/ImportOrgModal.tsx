import { DownloadOutlined } from '@ant-design/icons';
import { Button, Modal, Result, Typography } from 'antd';
import { useState } from 'react';
import { importErrors, type ImportRowError } from '../../api/client.ts';
import { ImportFilePicker } from '../../components/ImportFilePicker.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { importOrgUnits } from './org.api.ts';
import { downloadImportTemplate } from './org-import-template.ts';

/**
 * Uploads an .xlsx of units. The server writes all rows or none; when it refuses, every problem is
 * listed by row and column so the user can fix the file and try again.
 */
export function ImportOrgModal({ open, templateParentCode, onClose, onImported }: { open: boolean; templateParentCode: string; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ created: number; updated: number }>();
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>([]);
  const [error, setError] = useState<string>();

  const reset = () => {
    setFile(undefined);
    setDone(undefined);
    setRowErrors([]);
    setError(undefined);
  };

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setRowErrors([]);
    setError(undefined);
    try {
      setDone(await importOrgUnits(file));
      onImported();
    } catch (err) {
      const rows = importErrors(err);
      setRowErrors(rows);
      setError(rows.length ? t('org.importInvalid', { count: rows.length }) : errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    reset();
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('org.importTitle')}
      onCancel={close}
      width={720}
      destroyOnHidden
      footer={
        done
          ? [<Button key="close" type="primary" onClick={close}>{t('common.close')}</Button>]
          : [
              <Button key="cancel" onClick={close}>{t('common.cancel')}</Button>,
              <Button key="ok" type="primary" disabled={!file} loading={busy} onClick={submit} data-testid="import-submit">
                {t('org.importSubmit')}
              </Button>,
            ]
      }
    >
      {done ? (
        <Result status="success" title={t('org.importDone', done)} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('org.importHint')}</Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={() => downloadImportTemplate(templateParentCode, [t('org.templateExample1'), t('org.templateExample2')])} style={{ marginBottom: 12 }}>
            {t('org.importTemplate')}
          </Button>
          <ImportFilePicker
            file={file}
            onFile={(f) => {
              setFile(f);
              setRowErrors([]);
              setError(undefined);
            }}
            dragText={t('org.importDrag')}
            error={error}
            rowErrors={rowErrors}
            labels={{ row: t('org.importRow'), column: t('org.importColumn'), problem: t('org.importProblem') }}
          />
        </>
      )}
    </Modal>
  );
}
