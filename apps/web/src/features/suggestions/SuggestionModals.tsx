import { useQuery } from '@tanstack/react-query';
import { App, Checkbox, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { AttachmentUpload, finishedIds, type AttachmentFile } from '../tasks/AttachmentUpload.tsx';
import { answerSuggestion, assignSuggestion, createSuggestion, rateSuggestion, suggestionOptions, SUGGESTION_KINDS, SUGGESTION_RATINGS, type SuggestionKind, type SuggestionRating } from './suggestions.api.ts';

/** The proposers as typed: names split on 、，, ; and spaces, each once (the server's splitNames). */
const splitNames = (text: string | undefined) => [...new Set((text ?? '').split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean))];

/** The configured handling categories and rating means, read once. */
export function useSuggestionOptions() {
  return useQuery({ queryKey: ['suggestions', 'options'], queryFn: ({ signal }) => suggestionOptions(signal), staleTime: Infinity });
}

/**
 * The files of a form, each uploaded as it is chosen: the field, and the finished ids for the
 * request (undefined, with a warning, while one is still uploading).
 */
function useFiles(label: string, testId: string) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [files, setFiles] = useState<AttachmentFile[]>([]);
  const field = (
    <Form.Item label={label}>
      <AttachmentUpload files={files} onChange={setFiles} variant="list" testId={testId} />
    </Form.Item>
  );
  const ids = (): string[] | undefined => {
    const done = finishedIds(files);
    if (!done) message.warning(t('report.uploading'));
    return done;
  };
  return { field, ids };
}

interface FormValues {
  kind: SuggestionKind;
  number?: string;
  session: string;
  title: string;
  content?: string;
  proposerNames?: string;
}

/** 登记建议 (a supervisor, proposers by name) or 提出建议 (a deputy, who is the proposer). */
export function SuggestionFormModal({ supervisor, onClose, onSaved }: { supervisor: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const files = useFiles(t('suggestion.attachments'), 'suggestion-upload');
  const { submit, busy } = useFormSubmit(form, async (v: FormValues) => {
    const attachmentIds = files.ids();
    if (!attachmentIds) return;
    const names = splitNames(v.proposerNames);
    const id = await createSuggestion({ kind: v.kind, number: v.number?.trim() || undefined, session: v.session.trim(), title: v.title.trim(), content: v.content?.trim() || undefined, proposerNames: names.length ? names : undefined, attachmentIds });
    message.success(t('suggestion.created'));
    onClose();
    onSaved(id);
  });
  const label = t(supervisor ? 'suggestion.new.register' : 'suggestion.new.file');
  return (
    <Modal open title={label} onCancel={onClose} onOk={() => form.submit()} okText={label} okButtonProps={{ 'data-testid': 'suggestion-save' }} cancelText={t('common.cancel')} confirmLoading={busy} width={720} destroyOnHidden>
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ kind: 'suggestion' }} data-testid="suggestion-form">
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', columnGap: 16 }}>
          <Form.Item name="kind" label={t('suggestion.kind')}>
            <Select options={SUGGESTION_KINDS.map((k) => ({ value: k, label: t(`suggestion.kind.${k}`) }))} data-testid="suggestion-kind" />
          </Form.Item>
          <Form.Item name="session" label={t('suggestion.session')} rules={[{ required: true, whitespace: true, message: t('suggestion.sessionRequired') }]} style={{ gridColumn: 'span 2' }}>
            <Input maxLength={60} placeholder={t('suggestion.session.placeholder')} data-testid="suggestion-session" />
          </Form.Item>
          <Form.Item name="number" label={t('suggestion.number')} extra={t('suggestion.number.hint')}>
            <Input maxLength={30} data-testid="suggestion-number" />
          </Form.Item>
        </div>
        <Form.Item name="title" label={t('suggestion.title')} rules={[{ required: true, whitespace: true, message: t('suggestion.titleRequired') }]}>
          <Input maxLength={200} data-testid="suggestion-title-input" />
        </Form.Item>
        <Form.Item name="content" label={t('suggestion.content')}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20000} data-testid="suggestion-content" />
        </Form.Item>
        <Form.Item name="proposerNames" label={supervisor ? t('suggestion.proposers') : t('suggestion.coProposers')} extra={t('suggestion.proposers.hint')} rules={supervisor ? [{ required: true, whitespace: true, message: t('suggestion.proposersRequired') }] : []}>
          <Input maxLength={500} data-testid="suggestion-proposers" />
        </Form.Item>
        {files.field}
      </Form>
    </Modal>
  );
}

/** 交办: the main unit (主办), assisting units (协办) and the answering deadline (the legal one when left empty). */
export function AssignModal({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const options = useSuggestionOptions();
  const [form] = Form.useForm<{ mainUnitId: string; coUnitIds?: string[]; deadline?: Dayjs }>();
  const { submit, busy } = useFormSubmit(form, async (v: { mainUnitId: string; coUnitIds?: string[]; deadline?: Dayjs }) => {
    await assignSuggestion(id, { mainUnitId: v.mainUnitId, coUnitIds: (v.coUnitIds ?? []).filter((u) => u !== v.mainUnitId), deadline: v.deadline?.format('YYYY-MM-DD') });
    message.success(t('suggestion.assigned'));
    onDone();
    onClose();
  });
  return (
    <Modal open title={t('suggestion.assign')} onCancel={onClose} onOk={() => form.submit()} okText={t('suggestion.assign')} okButtonProps={{ 'data-testid': 'suggestion-assign-submit' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} data-testid="suggestion-assign-form">
        <Form.Item name="mainUnitId" label={t('suggestion.mainUnit')} rules={[{ required: true, message: t('suggestion.mainUnitRequired') }]}>
          <OrgTreeSelect activeOnly data-testid="suggestion-main-unit" />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('suggestion.coUnits')}>
          <OrgTreeSelect multiple activeOnly data-testid="suggestion-co-units" />
        </Form.Item>
        <Form.Item name="deadline" label={t('suggestion.deadline')} extra={t('suggestion.deadline.hint', { months: options.data?.answerMonths ?? 3 })}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(tenantToday(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 答复: the main unit's letter text and its handling category (A/B/C, configurable). */
export function AnswerModal({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const options = useSuggestionOptions();
  const [form] = Form.useForm<{ answer: string; category: string }>();
  const files = useFiles(t('suggestion.answerAttachments'), 'suggestion-answer-upload');
  const { submit, busy } = useFormSubmit(form, async (v: { answer: string; category: string }) => {
    const attachmentIds = files.ids();
    if (!attachmentIds) return;
    await answerSuggestion(id, { answer: v.answer.trim(), category: v.category, attachmentIds });
    message.success(t('suggestion.answered'));
    onDone();
    onClose();
  });
  return (
    <Modal open title={t('suggestion.answer')} onCancel={onClose} onOk={() => form.submit()} okText={t('suggestion.answer')} okButtonProps={{ 'data-testid': 'suggestion-answer-submit' }} cancelText={t('common.cancel')} confirmLoading={busy} width={720} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} data-testid="suggestion-answer-form">
        <Form.Item name="category" label={t('suggestion.category')} rules={[{ required: true, message: t('suggestion.categoryRequired') }]}>
          <Select loading={options.isLoading} options={(options.data?.categories ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.label}` }))} data-testid="suggestion-category" />
        </Form.Item>
        <Form.Item name="answer" label={t('suggestion.answerText')} rules={[{ required: true, whitespace: true, message: t('suggestion.answerRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} maxLength={20000} data-testid="suggestion-answer-text" />
        </Form.Item>
        {files.field}
      </Form>
    </Modal>
  );
}

interface RateValues {
  rating: SuggestionRating;
  means?: string;
  note?: string;
  publicAgreed?: boolean;
}

/**
 * 评价: the proposer rates the answer (and may agree to its publication), or a supervisor records it
 * for them with the means. 不满意 asks first, since it sends the suggestion back for handling.
 */
export function RateModal({ id, forProposer, onClose, onDone }: { id: string; forProposer: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const options = useSuggestionOptions();
  const [form] = Form.useForm<RateValues>();
  const { submit, busy } = useFormSubmit(form, async (v: RateValues) => {
    if (v.rating === 'unsatisfied') {
      const sure = await modal.confirm({ title: t('suggestion.rate.unsatisfiedConfirm'), content: t('suggestion.rate.unsatisfiedHint'), okText: t('common.confirm'), cancelText: t('common.cancel'), okButtonProps: { danger: true, 'data-testid': 'suggestion-unsatisfied-confirm' } });
      if (!sure) return;
    }
    await rateSuggestion(id, { rating: v.rating, means: forProposer ? v.means : undefined, note: v.note?.trim() || undefined, publicAgreed: forProposer ? undefined : Boolean(v.publicAgreed) });
    message.success(t('suggestion.rated'));
    onDone();
    onClose();
  });
  return (
    <Modal open title={t(forProposer ? 'suggestion.rate.forProposer' : 'suggestion.rate')} onCancel={onClose} onOk={() => form.submit()} okText={t('suggestion.rate.submit')} okButtonProps={{ 'data-testid': 'suggestion-rate-submit' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form<RateValues> form={form} layout="vertical" onFinish={submit} preserve={false} data-testid="suggestion-rate-form">
        <Form.Item name="rating" label={t('suggestion.rating')} rules={[{ required: true, message: t('suggestion.ratingRequired') }]}>
          <Radio.Group data-testid="suggestion-rating-choice">
            {SUGGESTION_RATINGS.map((r) => (
              <Radio.Button key={r} value={r} data-testid={`suggestion-rating-${r}`}>
                {t(`suggestion.rating.${r}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {forProposer ? (
          <Form.Item name="means" label={t('suggestion.rating.means')} rules={[{ required: true, message: t('suggestion.rating.meansRequired') }]}>
            <Select options={(options.data?.ratingMeans ?? []).map((m) => ({ value: m, label: m }))} data-testid="suggestion-rating-means" />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('suggestion.rating.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="suggestion-rating-note" />
        </Form.Item>
        {forProposer ? null : (
          <Form.Item name="publicAgreed" valuePropName="checked">
            <Checkbox data-testid="suggestion-public-agreed">{t('suggestion.publicAgreed.ask')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
