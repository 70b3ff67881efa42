import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { ProjectTagPicker } from './project-tags.tsx';
import { createProject, MILESTONE_STAGES, PROJECT_KINDS, PROJECT_LEVELS, updateProject, type MilestoneStage, type ProjectDetail, type ProjectInput } from './projects.api.ts';

interface Values {
  code: string;
  name: string;
  kind: ProjectInput['kind'];
  level: ProjectInput['level'];
  industry?: string;
  ownerCompany?: string;
  totalInvestment: number;
  leadUnitId: string;
  leaderName?: string;
  startYear: number;
  tags?: string[];
  address?: string;
  longitude?: number | null;
  latitude?: number | null;
  planned: Partial<Record<MilestoneStage, Dayjs | null>>;
  yearPlans?: { year: number; planned: number }[];
}

const date = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function initial(detail: ProjectDetail | null): Partial<Values> {
  if (!detail) return { kind: 'industry', level: 'city', startYear: tenantToday().year(), planned: {} };
  const p = detail.project;
  return {
    code: p.code,
    name: p.name,
    kind: p.kind,
    level: p.level,
    industry: p.industry ?? undefined,
    ownerCompany: p.ownerCompany ?? undefined,
    totalInvestment: p.totalInvestment,
    leadUnitId: p.leadUnit.id,
    leaderName: p.leaderName ?? undefined,
    startYear: p.startYear,
    tags: p.tags,
    address: p.address ?? undefined,
    longitude: p.longitude,
    latitude: p.latitude,
    planned: Object.fromEntries(detail.milestones.map((m) => [m.stage, m.plannedDate ? dayjs(m.plannedDate) : null])),
  };
}

/**
 * 登记/编辑重点项目 (supervisors): the project's facts, the planned date of each stage, the
 * planned investment per year and its tags. Editing keeps the actual dates the lead unit filed.
 */
export function ProjectFormModal({ open, detail = null, onClose, onSaved }: { open: boolean; detail?: ProjectDetail | null; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { submit, busy } = useFormSubmit(form, async (v: Values) => {
    const actual = new Map(detail?.milestones.map((m) => [m.stage, m.actualDate]) ?? []);
    const input: ProjectInput = {
      code: v.code.trim(),
      name: v.name.trim(),
      kind: v.kind,
      level: v.level,
      industry: v.industry?.trim() || null,
      ownerCompany: v.ownerCompany?.trim() || null,
      totalInvestment: v.totalInvestment,
      leadUnitId: v.leadUnitId,
      leaderName: v.leaderName?.trim() || null,
      startYear: v.startYear,
      tags: v.tags ?? [],
      address: v.address?.trim() || null,
      longitude: v.longitude ?? null,
      latitude: v.latitude ?? null,
      milestones: MILESTONE_STAGES.map((stage) => ({ stage, plannedDate: date(v.planned?.[stage]), actualDate: actual.get(stage) ?? null })).filter((m) => m.plannedDate || m.actualDate),
      yearPlans: (v.yearPlans ?? []).filter((y) => y && y.year),
    };
    const saved = detail ? await updateProject(detail.project.id, input) : await createProject(input);
    message.success(detail ? t('project.saved') : t('project.created'));
    await queryClient.invalidateQueries({ queryKey: ['projects'] });
    onSaved(saved.project.id);
    onClose();
  });
  const required = (text: string) => [{ required: true, message: text }];
  // Kept across renders: a Form.List given a new initial array on every render starts over each time.
  const initialValues = useMemo(() => initial(detail), [detail]);
  const initialPlans = useMemo(() => (detail?.yearPlans.length ? detail.yearPlans : [{ year: tenantToday().year(), planned: 0 }]), [detail]);

  return (
    <Modal
      open={open}
      title={detail ? t('project.edit') : t('projects.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'project-save' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={820}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initialValues} data-testid="project-form">
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="code" label={t('project.code')} rules={required(t('project.codeRequired'))}>
              <Input maxLength={40} data-testid="project-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t('project.name')} rules={required(t('project.nameRequired'))}>
              <Input maxLength={200} data-testid="project-name" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="kind" label={t('project.kind')} rules={required(t('project.kind'))}>
              <Select options={PROJECT_KINDS.map((k) => ({ value: k, label: t(`project.kind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="level" label={t('project.level')} rules={required(t('project.level'))}>
              <Select options={PROJECT_LEVELS.map((l) => ({ value: l, label: t(`project.level.${l}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="industry" label={t('project.industry')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="startYear" label={t('project.startYear')} rules={required(t('project.startYear'))}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="leadUnitId" label={t('project.leadUnit')} rules={required(t('project.leadUnitRequired'))}>
              <OrgTreeSelect activeOnly data-testid="project-unit" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="leaderName" label={t('project.leaderName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="totalInvestment" label={t('project.totalInvestment')} rules={required(t('project.totalRequired'))}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="project-total" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="ownerCompany" label={t('project.ownerCompany')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="tags" label={t('project.tags')}>
              <ProjectTagPicker carried={detail?.project.tags ?? []} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="address" label={t('project.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="longitude" label={t('project.longitude')}>
              <InputNumber min={-180} max={180} precision={6} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="latitude" label={t('project.latitude')}>
              <InputNumber min={-90} max={90} precision={6} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('project.milestonePlan')}</Typography.Title>
        <Row gutter={16}>
          {MILESTONE_STAGES.map((stage) => (
            <Col xs={12} sm={8} md={4} key={stage} style={{ flex: '1 1 0' }}>
              <Form.Item name={['planned', stage]} label={t(`project.stage.${stage}`)}>
                <DatePicker style={{ width: '100%' }} data-testid={`project-planned-${stage}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Title level={5}>{t('project.yearPlans')}</Typography.Title>
        <Form.List name="yearPlans" initialValue={initialPlans}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'year']} rules={required(t('project.yearPlan.year'))}>
                    <InputNumber min={2000} max={2100} precision={0} placeholder={t('project.yearPlan.year')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'planned']} rules={required(t('project.yearPlan.planned'))}>
                    <InputNumber min={0} precision={2} placeholder={t('project.yearPlan.planned')} style={{ width: 180 }} data-testid="project-year-planned" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ year: tenantToday().year() + fields.length, planned: 0 })} icon={<PlusOutlined />}>
                {t('project.yearPlan.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
