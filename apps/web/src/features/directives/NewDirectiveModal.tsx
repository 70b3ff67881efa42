import { AuditOutlined, FileTextOutlined, InboxOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, Modal, Progress, Segmented, Select, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { fieldErrors } from '../../api/client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { uploadAttachment } from '../tasks/tasks.api.ts';
import { createDirective, createInstruction, DIRECTIVE_KINDS, uploadDirective, type DirectiveDetail, type DirectiveKind } from './directives.api.ts';

const ACCEPT = '.txt,.text,.docx,.html,.htm,.pdf';
/** The 批示件 form's fields, named as the server names them in its field errors. */
type InstructionField = 'instructedBy' | 'instructedOn' | 'subject' | 'text' | 'scanAttachmentId';
const INSTRUCTION_FIELDS: readonly string[] = ['instructedBy', 'instructedOn', 'subject', 'text', 'scanAttachmentId'];
const MAX_BYTES = 20 * 1024 * 1024;

/** Moves a bar towards 95 % while the server parses, so a long document shows it is still working. */
function useCreep(running: boolean): number {
  const [percent, setPercent] = useState(0);
  useEffect(() => {
    if (!running) {
      setPercent(0);
      return;
    }
    setPercent(8);
    const timer = setInterval(() => setPercent((p) => Math.min(95, p + Math.max(1, (95 - p) / 8))), 300);
    return () => clearInterval(timer);
  }, [running]);
  return percent;
}

/**
 * 新建指示精神: paste the text of a speech, minutes or plan, or upload it (.txt in UTF-8 or GBK,
 * .docx, .html, a PDF with a text layer); the server parses it and the review page opens.
 */
export function NewDirectiveModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (directive: DirectiveDetail) => void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'paste' | 'file' | 'instruction'>('paste');
  // 登记批示件: who instructed, when, on what, and the scan (uploaded as it is chosen).
  const [by, setBy] = useState('');
  const [on, setOn] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [scan, setScan] = useState<{ id: string; fileName: string } | null>(null);
  const [scanning, setScanning] = useState(false);
  // The 批示件 fields that are missing or that the server refused: marked on the field itself.
  const [invalid, setInvalid] = useState<ReadonlySet<InstructionField>>(() => new Set());
  const touch = (field: InstructionField) => setInvalid((old) => (old.has(field) ? new Set([...old].filter((f) => f !== field)) : old));
  const changed = <T,>(field: InstructionField, set: (value: T) => void, value: T) => {
    set(value);
    touch(field);
  };
  const mark = (field: InstructionField) => (invalid.has(field) ? ('error' as const) : undefined);
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DirectiveKind>('speech');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const percent = useCreep(busy);

  const reset = () => {
    setText('');
    setTitle('');
    setFile(undefined);
    setError(undefined);
    setMode('paste');
    setBy('');
    setOn(null);
    setSubject('');
    setScan(null);
    setInvalid(new Set());
  };
  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };

  const submit = async () => {
    setError(undefined);
    if (mode === 'instruction') {
      // Every missing field at once: marked on the field, named in the message.
      const missing = ([
        ['instructedBy', !by.trim(), 'instruction.byRequired'],
        ['instructedOn', !on, 'instruction.onRequired'],
        ['subject', !subject.trim(), 'instruction.subjectRequired'],
        ['text', !text.trim(), 'instruction.textRequired'],
      ] as const).filter(([, empty]) => empty);
      setInvalid(new Set(missing.map(([field]) => field)));
      if (missing.length) {
        setError(missing.map(([, , key]) => t(key)).join('；'));
        return;
      }
    }
    if (mode === 'paste' && !text.trim()) {
      setError(t('newDirective.textRequired'));
      return;
    }
    if (mode === 'file' && !file) {
      setError(t('newDirective.fileRequired'));
      return;
    }
    setBusy(true);
    try {
      const created =
        mode === 'instruction'
          ? await createInstruction({ instructedBy: by.trim(), instructedOn: on!, subject: subject.trim(), text, scanAttachmentId: scan?.id ?? null })
          : mode === 'paste'
            ? await createDirective({ text, title: title.trim() || undefined, kind })
            : await uploadDirective(file!, kind);
      reset();
      onCreated(created);
    } catch (err) {
      if (mode === 'instruction') setInvalid(new Set(fieldErrors(err).map((e) => e.field).filter((f): f is InstructionField => INSTRUCTION_FIELDS.includes(f))));
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('newDirective.title')}
      onCancel={close}
      width={820}
      destroyOnHidden
      maskClosable={false}
      closable={!busy}
      footer={[
        <Button key="cancel" onClick={close} disabled={busy}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} disabled={scanning} onClick={submit} data-testid="new-directive-submit">
          {mode === 'instruction' ? t('instruction.submit') : t('newDirective.parse')}
        </Button>,
      ]}
    >
      <div data-testid="new-directive-form">
        <Segmented
          block
          value={mode}
          onChange={(v) => {
            setMode(v as 'paste' | 'file' | 'instruction');
            setError(undefined);
          }}
          disabled={busy}
          options={[
            { value: 'paste', label: t('newDirective.paste'), icon: <FileTextOutlined /> },
            { value: 'file', label: t('newDirective.upload'), icon: <UploadOutlined /> },
            { value: 'instruction', label: <span data-testid="new-instruction">{t('instruction.register')}</span>, icon: <AuditOutlined /> },
          ]}
          style={{ marginBottom: 16 }}
        />
        {mode === 'instruction' ? (
          <Form layout="vertical" disabled={busy} component="div" data-testid="new-instruction-form">
            <div className="new-directive-row">
              <Form.Item label={t('instruction.by')} required validateStatus={mark('instructedBy')} style={{ flex: 1, minWidth: 160 }}>
                <Input value={by} onChange={(e) => changed('instructedBy', setBy, e.target.value)} maxLength={50} placeholder={t('instruction.byPlaceholder')} aria-label={t('instruction.by')} />
              </Form.Item>
              <Form.Item label={t('instruction.on')} required validateStatus={mark('instructedOn')} style={{ flex: 1, minWidth: 160 }}>
                <DatePicker
                  style={{ width: '100%' }}
                  value={on ? dayjs(on) : null}
                  onChange={(d) => changed('instructedOn', setOn, d ? d.format('YYYY-MM-DD') : null)}
                  aria-label={t('instruction.on')}
                />
              </Form.Item>
            </div>
            <Form.Item label={t('instruction.subject')} required validateStatus={mark('subject')}>
              <Input value={subject} onChange={(e) => changed('subject', setSubject, e.target.value)} maxLength={150} placeholder={t('instruction.subjectPlaceholder')} aria-label={t('instruction.subject')} />
            </Form.Item>
            <Form.Item label={t('instruction.text')} required validateStatus={mark('text')}>
              <Input.TextArea value={text} onChange={(e) => changed('text', setText, e.target.value)} autoSize={{ minRows: 4, maxRows: 12 }} placeholder={t('instruction.textPlaceholder')} aria-label={t('instruction.text')} />
            </Form.Item>
            <Form.Item label={t('instruction.scan')} extra={t('instruction.scanHint')} validateStatus={mark('scanAttachmentId')}>
              <Upload
                accept="image/*,.pdf"
                maxCount={1}
                fileList={scan ? [{ uid: scan.id, name: scan.fileName, status: 'done' }] : []}
                beforeUpload={(f) => {
                  setScanning(true);
                  setError(undefined);
                  touch('scanAttachmentId');
                  uploadAttachment(f)
                    .then((a) => setScan({ id: a.id, fileName: a.fileName }))
                    .catch((err: unknown) => setError(errorMessage(err, t)))
                    .finally(() => setScanning(false));
                  return false;
                }}
                onRemove={() => {
                  setScan(null);
                  return true;
                }}
              >
                <Button icon={<PaperClipOutlined />} loading={scanning} data-testid="instruction-scan-upload">
                  {t('instruction.scanUpload')}
                </Button>
              </Upload>
            </Form.Item>
          </Form>
        ) : null}
        <Form layout="vertical" disabled={busy} component="div" hidden={mode === 'instruction'}>
          <div className="new-directive-row">
            {mode === 'paste' ? (
              <Form.Item label={t('directive.title')} extra={t('newDirective.titleHint')} style={{ flex: 2 }}>
                <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} placeholder={t('newDirective.titlePlaceholder')} data-testid="new-directive-title" />
              </Form.Item>
            ) : null}
            <Form.Item label={t('directive.kind')} style={{ flex: 1, minWidth: 160 }}>
              <Select value={kind} onChange={setKind} options={DIRECTIVE_KINDS.map((k) => ({ value: k, label: t(`directiveKind.${k}`) }))} data-testid="new-directive-kind" />
            </Form.Item>
          </div>
          {mode === 'paste' ? (
            <Form.Item label={t('newDirective.text')} extra={t('newDirective.textHint', { count: text.length.toLocaleString() })}>
              <Input.TextArea
                value={text}
                onChange={(e) => setText(e.target.value)}
                autoSize={{ minRows: 12, maxRows: 22 }}
                placeholder={t('newDirective.textPlaceholder')}
                data-testid="new-directive-text"
                aria-label={t('newDirective.text')}
              />
            </Form.Item>
          ) : (
            <Upload.Dragger
              accept={ACCEPT}
              maxCount={1}
              disabled={busy}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              beforeUpload={(f) => {
                if (f.size > MAX_BYTES) setError(t('newDirective.tooLarge'));
                else {
                  setFile(f);
                  setError(undefined);
                }
                return false;
              }}
              onRemove={() => {
                setFile(undefined);
                return true;
              }}
              data-testid="new-directive-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('newDirective.drag')}</p>
              <p className="ant-upload-hint">{t('newDirective.dragHint')}</p>
            </Upload.Dragger>
          )}
        </Form>
        {busy ? (
          <div className="parse-progress" data-testid="parse-progress">
            <Progress percent={Math.round(percent)} status="active" showInfo={false} />
            <Typography.Text type="secondary">{t('newDirective.parsing')}</Typography.Text>
          </div>
        ) : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="new-directive-error" /> : null}
      </div>
    </Modal>
  );
}
