import { useQueryClient } from '@tanstack/react-query';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { convertLead, createLead, LEAD_STAGES, PROJECT_KINDS, PROJECT_LEVELS, updateLead, type Lead, type LeadInput, type LeadStage, type ProjectKind, type ProjectLevel } from './projects.api.ts';

interface LeadValues {
  company: string;
  industry?: string;
  intendedInvestment?: number;
  source?: string;
  stage: LeadStage;
  unitId: string;
  person?: string;
  nextStep?: string;
  signedOn?: Dayjs | null;
  signedAmount?: number | null;
  fundsInPlace?: number;
}

/** 登记/编辑招商线索: the company, its intended investment, the stage and, once signed, the date and amounts. */
export function LeadFormModal({ open, lead = null, onClose, onSaved }: { open: boolean; lead?: Lead | null; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LeadValues>();
  const stage = Form.useWatch('stage', form);
  const initialValues = useMemo<Partial<LeadValues>>(
    () =>
      lead
        ? { company: lead.company, industry: lead.industry ?? undefined, intendedInvestment: lead.intendedInvestment, source: lead.source ?? undefined, stage: lead.stage, unitId: lead.unit.id, person: lead.person ?? undefined, nextStep: lead.nextStep ?? undefined, signedOn: lead.signedOn ? dayjs(lead.signedOn) : null, signedAmount: lead.signedAmount, fundsInPlace: lead.fundsInPlace }
        : { stage: 'talking', intendedInvestment: 0, fundsInPlace: 0 },
    [lead],
  );
  const { submit, busy } = useFormSubmit(form, async (v: LeadValues) => {
    const input: LeadInput = {
      company: v.company.trim(),
      industry: v.industry?.trim() || null,
      intendedInvestment: v.intendedInvestment ?? 0,
      source: v.source?.trim() || null,
      stage: v.stage,
      unitId: v.unitId,
      person: v.person?.trim() || null,
      nextStep: v.nextStep?.trim() || null,
      signedOn: v.signedOn ? v.signedOn.format('YYYY-MM-DD') : null,
      signedAmount: v.signedAmount ?? null,
      fundsInPlace: v.fundsInPlace ?? 0,
    };
    const saved = lead ? await updateLead(lead.id, input) : await createLead(input);
    message.success(t('lead.saved'));
    await queryClient.invalidateQueries({ queryKey: ['leads'] });
    onSaved(saved.lead.id);
    onClose();
  });
  const signed = stage !== undefined && stage !== 'talking';
  return (
    <Modal open={open} title={lead ? t('lead.edit') : t('leads.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} okButtonProps={{ 'data-testid': 'lead-save' }} cancelText={t('common.cancel')} confirmLoading={busy} width={720} destroyOnHidden>
      <Form<LeadValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initialValues} data-testid="lead-form">
        <Row gutter={16}>
          <Col xs={24} sm={16}>
            <Form.Item name="company" label={t('lead.company')} rules={[{ required: true, whitespace: true, message: t('lead.companyRequired') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="industry" label={t('lead.industry')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="unitId" label={t('lead.unit')} rules={[{ required: true, message: t('lead.unitRequired') }]}>
              <OrgTreeSelect activeOnly />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="person" label={t('lead.person')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="stage" label={t('lead.stage')} rules={[{ required: true, message: t('lead.stage') }]}>
              <Select options={LEAD_STAGES.map((s) => ({ value: s, label: t(`lead.stage.${s}`) }))} data-testid="lead-stage" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="intendedInvestment" label={t('lead.intendedInvestment')}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={16}>
            <Form.Item name="source" label={t('lead.source')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          {signed ? (
            <>
              <Col xs={24} sm={8}>
                <Form.Item name="signedOn" label={t('lead.signedOn')} rules={[{ required: true, message: t('lead.signedOnRequired') }]}>
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(tenantToday(), 'day')} data-testid="lead-signed-on" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="signedAmount" label={t('lead.signedAmount')} rules={[{ required: true, message: t('lead.signedAmountRequired') }]}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="lead-signed-amount" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="fundsInPlace" label={t('lead.fundsInPlace')}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col span={24}>
            <Form.Item name="nextStep" label={t('lead.nextStep')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

interface ConvertValues {
  code: string;
  name: string;
  kind: ProjectKind;
  level: ProjectLevel;
  totalInvestment?: number;
}

/** 转为重点项目: the project's code, name, kind and level; the rest comes from the lead. */
export function ConvertLeadModal({ lead, open, onClose, onDone }: { lead: Lead; open: boolean; onClose: () => void; onDone: (projectId: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConvertValues>();
  const initialValues = useMemo(() => ({ name: lead.company, kind: 'industry' as const, level: 'city' as const, totalInvestment: lead.signedAmount ?? lead.intendedInvestment }), [lead]);
  const { submit, busy } = useFormSubmit(form, async (v: ConvertValues) => {
    const r = await convertLead(lead.id, { code: v.code.trim(), name: v.name.trim(), kind: v.kind, level: v.level, ...(v.totalInvestment !== undefined ? { totalInvestment: v.totalInvestment } : {}) });
    message.success(t('lead.convertedOk'));
    onDone(r.projectId);
  });
  return (
    <Modal open={open} title={t('lead.convert')} onCancel={onClose} onOk={() => form.submit()} okText={t('lead.convert')} okButtonProps={{ 'data-testid': 'lead-convert-submit' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <p>{t('lead.convertHint')}</p>
      <Form<ConvertValues> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initialValues} data-testid="lead-convert-form">
        <Form.Item name="code" label={t('project.code')} rules={[{ required: true, whitespace: true, message: t('project.codeRequired') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="name" label={t('project.name')} rules={[{ required: true, whitespace: true, message: t('project.nameRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="kind" label={t('project.kind')}>
              <Select options={PROJECT_KINDS.map((k) => ({ value: k, label: t(`project.kind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="level" label={t('project.level')}>
              <Select options={PROJECT_LEVELS.map((l) => ({ value: l, label: t(`project.level.${l}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="totalInvestment" label={t('project.totalInvestment')}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
