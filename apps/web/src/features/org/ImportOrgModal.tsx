import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Result, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { importErrors, type ImportRowError } from '../../api/client.ts';
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
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              setRowErrors([]);
              setError(undefined);
              return false;
            }}
            onRemove={() => {
              setFile(undefined);
              return true;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('org.importDrag')}</p>
          </Upload.Dragger>
          {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" /> : null}
          {rowErrors.length ? (
            <Table<ImportRowError & { key: number }>
              style={{ marginTop: 12 }}
              size="small"
              dataSource={rowErrors.map((r, key) => ({ ...r, key }))}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('org.importRow'), dataIndex: 'row', width: 72, render: (v: number) => (v > 0 ? v : '—') },
                { title: t('org.importColumn'), dataIndex: 'column', width: 110, render: (v: string) => v || '—' },
                { title: t('org.importProblem'), dataIndex: 'message' },
              ]}
            />
          ) : null}
        </>
      )}
    </Modal>
  );
}
