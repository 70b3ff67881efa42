import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Result, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { importErrors, type ImportRowError } from '../../api/client.ts';
import type { ImportPreviewRow, Named } from '../../api/types.ts';
import { ImportFilePicker } from '../../components/ImportFilePicker.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { downloadTaskTemplate, importTasks } from './tasks.api.ts';
import { NoActorAlert } from './UnitActorWarning.tsx';
import { CellText } from '../../components/TipHost.tsx';

type Step = 'upload' | 'preview' | 'done';

/**
 * Imports a 任务分工表 in two steps: the file is checked first (dryRun) and its tasks previewed —
 * or every problem listed by row and column — and only a confirmed preview is written.
 */
export function ImportTasksModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File>();
  const [step, setStep] = useState<Step>('upload');
  const [busy, setBusy] = useState(false);
  const [rows, setRows] = useState<ImportPreviewRow[]>([]);
  const [withoutActor, setWithoutActor] = useState<Named[]>([]);
  const [done, setDone] = useState({ created: 0, updated: 0 });
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>([]);
  const [error, setError] = useState<string>();

  const reset = () => {
    setFile(undefined);
    setStep('upload');
    setRows([]);
    setWithoutActor([]);
    setRowErrors([]);
    setError(undefined);
  };
  const close = () => {
    reset();
    onClose();
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setRowErrors([]);
    setError(undefined);
    try {
      const result = await importTasks(file, dryRun);
      if (dryRun) {
        setRows(result.rows);
        setWithoutActor(result.withoutActor);
        setStep('preview');
      } else {
        setDone({ created: result.created, updated: result.updated });
        setStep('done');
        onImported();
      }
    } catch (err) {
      const problems = importErrors(err);
      setRowErrors(problems);
      setError(problems.length ? t('tasks.importInvalid', { count: problems.length }) : errorMessage(err, t));
      if (problems.length) setStep('upload');
    } finally {
      setBusy(false);
    }
  };

  const template = async () => {
    try {
      await downloadTaskTemplate();
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };

  const footer =
    step === 'done'
      ? [<Button key="close" type="primary" onClick={close}>{t('common.close')}</Button>]
      : step === 'preview'
        ? [
            <Button key="back" onClick={() => setStep('upload')}>{t('tasks.importBack')}</Button>,
            <Button key="ok" type="primary" loading={busy} onClick={() => run(false)} data-testid="import-confirm">
              {t('tasks.importConfirm')}
            </Button>,
          ]
        : [
            <Button key="cancel" onClick={close}>{t('common.cancel')}</Button>,
            <Button key="check" type="primary" disabled={!file} loading={busy} onClick={() => run(true)} data-testid="import-check">
              {t('tasks.importCheck')}
            </Button>,
          ];

  return (
    <Modal open={open} title={t('tasks.importTitle')} onCancel={close} width={860} destroyOnHidden footer={footer}>
      <Steps
        size="small"
        style={{ marginBottom: 16 }}
        current={step === 'upload' ? 0 : step === 'preview' ? 1 : 2}
        items={[{ title: t('tasks.importStepUpload') }, { title: t('tasks.importStepPreview') }, { title: t('tasks.importStepDone') }]}
      />
      {step === 'done' ? (
        <Result status="success" title={done.updated > 0 ? t('tasks.importDoneUpdated', done) : t('tasks.importDone', done)} />
      ) : step === 'preview' ? (
        <>
          <Alert type="success" showIcon title={t('tasks.importPreview', { count: rows.length })} style={{ marginBottom: 12 }} />
          <NoActorAlert units={withoutActor} testId="import-no-actor" />
          <Table<ImportPreviewRow>
            data-testid="import-preview"
            size="small"
            rowKey="row"
            dataSource={rows}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content', y: 360 }}
            columns={[
              { title: t('tasks.importRow'), dataIndex: 'row', width: 60 },
              { title: t('tasks.importAction'), dataIndex: 'action', width: 80, render: (v: ImportPreviewRow['action']) => <Tag color={v === 'create' ? 'blue' : v === 'update' ? 'orange' : 'default'}>{t(`tasks.importAction.${v}`)}</Tag> },
              { title: t('tasks.importTask'), dataIndex: 'title', render: (v: string) => <CellText text={v} style={{ maxWidth: 320 }} /> },
              { title: t('task.leadUnits'), dataIndex: 'leadUnits', render: (v: string[]) => v.join('、') },
              { title: t('task.coUnits'), dataIndex: 'coUnits', render: (v: string[]) => v.join('、') || '—' },
              { title: t('task.deadline'), key: 'deadline', render: (_: unknown, r) => (r.longTerm ? <Tag color="blue">{t('task.longTerm')}</Tag> : (r.deadline ?? (r.deadlineText || '—'))) },
            ]}
          />
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('tasks.importHint')}</Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={template} style={{ marginBottom: 12 }}>
            {t('tasks.importTemplate')}
          </Button>
          <ImportFilePicker
            file={file}
            onFile={(f) => {
              setFile(f);
              setRowErrors([]);
              setError(undefined);
            }}
            dragText={t('tasks.importDrag')}
            error={error}
            rowErrors={rowErrors}
            labels={{ row: t('tasks.importRow'), column: t('tasks.importColumn'), problem: t('tasks.importProblem') }}
          />
        </>
      )}
    </Modal>
  );
}
