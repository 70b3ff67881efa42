import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { CADENCE_ACTIONS, CADENCE_PERIODS, createRule, generateBulletin, recordOccurrence, type Occurrence, type RuleInput } from './rhythm.api.ts';

const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', columnGap: 16 } as const;

/** 新建机制: period, action, when it falls due after each period, the unit subtree it covers, the reminder window. */
export function RuleFormModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleInput>();
  const action = Form.useWatch('action', form);
  const { submit, busy } = useFormSubmit(form, async (v: RuleInput) => {
    await createRule({ ...v, name: v.name.trim(), actionLabel: v.action === 'custom' ? v.actionLabel?.trim() : undefined });
    message.success(t('rhythm.rule.created'));
    onSaved();
    onClose();
  });
  return (
    <Modal open={open} title={t('rhythm.rule.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} okButtonProps={{ 'data-testid': 'rule-save' }} cancelText={t('common.cancel')} confirmLoading={busy} width={640} destroyOnHidden>
      <Form<RuleInput> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ period: 'month', action: 'bulletin', anchor: 'workday', anchorDays: 5, remindWorkdays: 3 }} data-testid="rule-form">
        <Form.Item name="name" label={t('rhythm.rule.name')} rules={[{ required: true, whitespace: true, message: t('rhythm.rule.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <div style={grid}>
          <Form.Item name="period" label={t('rhythm.rule.period')}>
            <Select options={CADENCE_PERIODS.map((p) => ({ value: p, label: t(`rhythm.period.${p}`) }))} />
          </Form.Item>
          <Form.Item name="action" label={t('rhythm.rule.action')}>
            <Select options={CADENCE_ACTIONS.map((a) => ({ value: a, label: t(`rhythm.action.${a}`) }))} />
          </Form.Item>
          {action === 'custom' ? (
            <Form.Item name="actionLabel" label={t('rhythm.rule.actionLabel')} rules={[{ required: true, whitespace: true, message: t('rhythm.rule.actionLabelRequired') }]}>
              <Input maxLength={20} />
            </Form.Item>
          ) : null}
        </div>
        <div style={grid}>
          <Form.Item name="anchorDays" label={t('rhythm.rule.anchorDays')}>
            <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="anchor" label={t('rhythm.rule.anchor')}>
            <Radio.Group options={[{ value: 'workday', label: t('rhythm.rule.anchor.workday') }, { value: 'day', label: t('rhythm.rule.anchor.day') }]} />
          </Form.Item>
          <Form.Item name="remindWorkdays" label={t('rhythm.rule.remind')}>
            <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="scopeUnitId" label={t('rhythm.rule.scope')} rules={[{ required: true, message: t('rhythm.rule.scopeRequired') }]}>
          <OrgTreeSelect activeOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RecordValues {
  status: 'done' | 'skipped';
  heldOn?: Dayjs;
  record: string;
}

/** 记录开展情况: held on a day with what took place, or not held with the reason. */
export function RecordModal({ occurrence, onClose, onDone }: { occurrence: Occurrence | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordValues>();
  const status = Form.useWatch('status', form);
  const { submit, busy } = useFormSubmit(form, async (v: RecordValues) => {
    if (!occurrence) return;
    await recordOccurrence(occurrence.id, { status: v.status, heldOn: v.status === 'done' ? v.heldOn?.format('YYYY-MM-DD') : undefined, record: v.record.trim() });
    message.success(t('rhythm.occ.recorded'));
    onDone();
    onClose();
  });
  return (
    <Modal open={occurrence !== null} title={t('rhythm.occ.recordTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} okButtonProps={{ 'data-testid': 'record-save' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <p>
        {occurrence?.ruleName} · {occurrence?.periodLabel}
      </p>
      <Form<RecordValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ status: 'done', heldOn: tenantToday() }}>
        <Form.Item name="status" label={t('rhythm.occ.status')}>
          <Radio.Group options={[{ value: 'done', label: t('rhythm.occ.status.done') }, { value: 'skipped', label: t('rhythm.occ.status.skipped') }]} />
        </Form.Item>
        {status !== 'skipped' ? (
          <Form.Item name="heldOn" label={t('rhythm.occ.heldOn')} rules={[{ required: true, message: t('rhythm.occ.heldOnRequired') }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="record" label={t('rhythm.occ.record')} rules={[{ required: true, whitespace: true, message: t('rhythm.occ.recordRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="record-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 生成通报: a month and, optionally, the unit whose subtree it covers. */
export function BulletinFormModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ month: Dayjs; scopeUnitId?: string }>();
  const { submit, busy } = useFormSubmit(form, async (v: { month: Dayjs; scopeUnitId?: string }) => {
    const created = await generateBulletin({ period: v.month.format('YYYY-MM'), scopeUnitId: v.scopeUnitId || undefined });
    message.success(t('bulletin.generated'));
    onClose();
    onSaved(created.id);
  });
  return (
    <Modal open={open} title={t('bulletin.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('bulletin.new')} okButtonProps={{ 'data-testid': 'bulletin-generate' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ month: tenantToday().subtract(1, 'month') }} data-testid="bulletin-form">
        <Form.Item name="month" label={t('bulletin.month')} rules={[{ required: true, message: t('bulletin.monthRequired') }]}>
          <DatePicker picker="month" style={{ width: '100%' }} data-testid="bulletin-month" />
        </Form.Item>
        <Form.Item name="scopeUnitId" label={t('bulletin.scope')} extra={t('bulletin.scopeHint')}>
          <OrgTreeSelect activeOnly />
        </Form.Item>
      </Form>
    </Modal>
  );
}
