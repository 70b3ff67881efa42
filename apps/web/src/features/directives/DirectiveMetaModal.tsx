import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage, showFieldErrors } from '../../lib/errors.ts';
import { DIRECTIVE_KINDS, type DirectiveDetail, type DirectiveKind, type DirectiveMeta } from './directives.api.ts';

interface Values {
  title: string;
  docDate?: Dayjs | null;
  source?: string;
  kind: DirectiveKind;
}

/**
 * Edits what the parser read about the document: its title, date, source and kind. `save` stores
 * the change (the review's, which also recounts the draft's deadlines when the date changes).
 */
export function DirectiveMetaModal({ directive, open, onClose, save }: { directive: DirectiveDetail; open: boolean; onClose: () => void; save: (meta: DirectiveMeta) => Promise<unknown> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await save({
        title: values.title.trim(),
        docDate: values.docDate ? values.docDate.format('YYYY-MM-DD') : null,
        source: values.source?.trim() || null,
        // A 批示件 keeps its kind.
        ...(directive.kind === 'instruction_doc' ? {} : { kind: values.kind }),
      });
      message.success(t('directive.metaSaved'));
      onClose();
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('directive.editMeta')} onCancel={onClose} onOk={submit} okText={t('common.save')} confirmLoading={busy} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="directive-meta-form"
        initialValues={{ title: directive.title, docDate: directive.docDate ? dayjs(directive.docDate) : null, source: directive.source ?? '', kind: directive.kind }}
      >
        <Form.Item name="title" label={t('directive.title')} rules={[{ required: true, whitespace: true, message: t('directive.titleRequired') }, { max: 200 }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="docDate" label={t('directive.date')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="source" label={t('directive.source')}>
          <Input maxLength={200} placeholder={t('directive.sourcePlaceholder')} />
        </Form.Item>
        <Form.Item name="kind" label={t('directive.kind')} hidden={directive.kind === 'instruction_doc'}>
          <Select options={DIRECTIVE_KINDS.map((k) => ({ value: k, label: t(`directiveKind.${k}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
