import { Button, Modal, Result, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { importErrors, type ImportRowError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../lib/errors.ts';
import { ImportFilePicker } from './ImportFilePicker.tsx';

/**
 * An .xlsx upload the server writes all or none of: the hint, the file, and when refused every
 * problem listed by row and column so the user can fix the file and try again; then what was done.
 */
export function ImportModal<T>({ open, title, hint, extra, run, doneTitle, onClose }: { open: boolean; title: string; hint: string; extra?: ReactNode; run: (file: File) => Promise<T>; doneTitle: (result: T) => string; onClose: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ result: T }>();
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>([]);
  const [error, setError] = useState<string>();

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setRowErrors([]);
    setError(undefined);
    try {
      setDone({ result: await run(file) });
    } catch (err) {
      const rows = importErrors(err);
      setRowErrors(rows);
      setError(rows.length ? t('org.importInvalid', { count: rows.length }) : errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setFile(undefined);
    setDone(undefined);
    setRowErrors([]);
    setError(undefined);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={title}
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
        <Result status="success" title={doneTitle(done.result)} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
          {extra}
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
