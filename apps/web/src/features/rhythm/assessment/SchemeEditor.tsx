import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Skeleton, Space, Tag, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, fieldErrors } from '../../../api/client.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { NotFoundCard } from '../../../components/NotFoundCard.tsx';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useI18n, type Translate } from '../../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { tenantToday } from '../../../lib/format.ts';
import { listIndicators } from '../../indicators/indicators.api.ts';
import { orgChildren } from '../../org/org.api.ts';
import { UserMultiSelect } from '../../users/UserSelect.tsx';
import { AssessmentTrail } from './AssessmentList.tsx';
import { nextYear, placeServerErrors, weightSum } from './scheme-form.ts';
import { createScheme, FORMULA_KINDS, getScheme, SOURCE_KINDS, updateScheme, type SchemeDefinition, type SchemeInput } from './assessment.api.ts';

type SourceKind = (typeof SOURCE_KINDS)[number];
type FormulaKind = (typeof FORMULA_KINDS)[number];

/** The form's values: the scheme as the server takes it, every formula's parameters optional while typed. */
interface FormulaValues {
  kind: FormulaKind;
  floor?: number;
  target?: number;
  direction?: 'higher' | 'lower';
  top?: number;
  step?: number;
  min?: number;
  steps?: { atLeast?: number; score?: number }[];
  otherwise?: number;
}
interface ItemValues {
  key: string;
  name: string;
  weight?: number;
  source: { kind: SourceKind; indicatorId?: string; reviewerIds?: string[] };
  formula: FormulaValues;
  noDataScore?: number;
}
interface SchemeValues {
  year: number;
  name: string;
  objectionDays: number;
  definition: {
    dimensions: { key: string; name: string; items: ItemValues[] }[];
    adjustments: { key: string; name: string; kind: 'bonus' | 'deduction'; cap?: number }[];
    groups: { key: string; name: string; unitIds: string[] }[];
    bonusCap?: number;
    deductionCap?: number;
  };
}

/** A key for a new dimension, item, adjustment or group (the server takes letters, digits, `_` and `-`). */
const newKey = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const newItem = (): ItemValues => ({ key: newKey('i'), name: '', source: { kind: 'on_time_rate' }, formula: { kind: 'linear' }, noDataScore: 0 });

/** The scheme the server takes: each formula with only its own parameters, each source with only its own reference. */
function toInput(v: SchemeValues): SchemeInput {
  const formula = (f: FormulaValues): SchemeDefinition['dimensions'][number]['items'][number]['formula'] => {
    switch (f.kind) {
      case 'linear':
        return { kind: 'linear', floor: f.floor!, target: f.target! };
      case 'rank':
        return { kind: 'rank', direction: f.direction ?? 'higher', top: f.top!, step: f.step!, min: f.min ?? 0 };
      case 'threshold':
        return { kind: 'threshold', steps: (f.steps ?? []).map((s) => ({ atLeast: s.atLeast!, score: s.score! })), otherwise: f.otherwise ?? 0 };
      case 'manual':
        return { kind: 'manual' };
    }
  };
  const d = v.definition;
  return {
    year: v.year,
    name: v.name.trim(),
    objectionDays: v.objectionDays,
    definition: {
      dimensions: (d.dimensions ?? []).map((dim) => ({
        key: dim.key,
        name: dim.name.trim(),
        items: (dim.items ?? []).map((i) => ({
          key: i.key,
          name: i.name.trim(),
          weight: i.weight!,
          source: { kind: i.source.kind, ...(i.source.kind === 'indicator' && i.source.indicatorId ? { indicatorId: i.source.indicatorId } : {}), ...(i.source.kind === 'manual' ? { reviewerIds: i.source.reviewerIds ?? [] } : {}) },
          formula: formula(i.formula),
          noDataScore: i.noDataScore ?? 0,
        })),
      })),
      adjustments: (d.adjustments ?? []).map((a) => ({ key: a.key, name: a.name.trim(), kind: a.kind, cap: a.cap! })),
      groups: (d.groups ?? []).map((g) => ({ key: g.key, name: g.name.trim(), unitIds: g.unitIds ?? [] })),
      bonusCap: d.bonusCap ?? 0,
      deductionCap: d.deductionCap ?? 0,
    },
  };
}

function FormulaFields({ form, path, rel }: { form: FormInstance<SchemeValues>; path: (string | number)[]; rel: (string | number)[] }) {
  const { t } = useI18n();
  const kind = Form.useWatch([...path, 'formula', 'kind'], form) as FormulaKind | undefined;
  const required = (label: string) => [{ required: true, message: t('scheme.paramRequired', { label }) }];
  const num = (name: string, label: string, props: { min?: number; max?: number } = {}) => (
    <Col xs={12} md={6} key={name}>
      <Form.Item name={[...rel, 'formula', name]} label={label} rules={required(label)}>
        <InputNumber style={{ width: '100%' }} {...props} data-testid={`scheme-formula-${name}`} />
      </Form.Item>
    </Col>
  );
  if (kind === 'linear')
    return (
      <Row gutter={12}>
        {num('floor', t('scheme.floor'))}
        {num('target', t('scheme.target'))}
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('scheme.linearHint')}</Typography.Text>
        </Col>
      </Row>
    );
  if (kind === 'rank')
    return (
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name={[...rel, 'formula', 'direction']} label={t('scheme.direction')} initialValue="higher">
            <Select
              options={[
                { value: 'higher', label: t('scheme.direction.higher') },
                { value: 'lower', label: t('scheme.direction.lower') },
              ]}
            />
          </Form.Item>
        </Col>
        {num('top', t('scheme.top'), { min: 0, max: 100 })}
        {num('step', t('scheme.step'), { min: 0, max: 100 })}
        {num('min', t('scheme.min'), { min: 0, max: 100 })}
      </Row>
    );
  if (kind === 'threshold')
    return (
      <>
        <Form.List name={[...rel, 'formula', 'steps']} rules={[{ validator: async (_, v: unknown[] | undefined) => (v?.length ? undefined : Promise.reject(new Error(t('scheme.stepsRequired')))) }]}>
          {(steps, { add, remove }, { errors }) => (
            <>
              {steps.map((s) => (
                <Space key={s.key} align="baseline" wrap>
                  <Form.Item name={[s.name, 'atLeast']} label={t('scheme.atLeast')} rules={required(t('scheme.atLeast'))}>
                    <InputNumber style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[s.name, 'score']} label={t('scheme.stepScore')} rules={required(t('scheme.stepScore'))}>
                    <InputNumber min={0} max={100} style={{ width: 90 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(s.name)} aria-label={t('common.delete')} />
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 12 }}>
                {t('scheme.addStep')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={12}>{num('otherwise', t('scheme.otherwise'), { min: 0, max: 100 })}</Row>
      </>
    );
  if (kind === 'manual') return <Typography.Paragraph type="secondary">{t('scheme.manualHint')}</Typography.Paragraph>;
  return null;
}

/** One item: name, weight, data source (an indicator or the reviewers when they apply), formula and its parameters, the no-data score. */
function ItemFields({ form, dim, item, onRemove }: { form: FormInstance<SchemeValues>; dim: number; item: number; onRemove: () => void }) {
  const { t } = useI18n();
  const path = ['definition', 'dimensions', dim, 'items', item];
  const rel = [item];
  const source = Form.useWatch([...path, 'source', 'kind'], form) as SourceKind | undefined;
  const indicators = useQuery({ queryKey: ['indicators', 'all'], queryFn: ({ signal }) => listIndicators(signal), enabled: source === 'indicator' });
  const onSource = (kind: SourceKind) => {
    // The manual source goes with the manual formula only (the server's rule).
    const loose = form as FormInstance;
    const formula = loose.getFieldValue([...path, 'formula', 'kind']) as FormulaKind | undefined;
    if (kind === 'manual') loose.setFieldValue([...path, 'formula'], { kind: 'manual' });
    else if (formula === 'manual') loose.setFieldValue([...path, 'formula'], { kind: 'linear' });
  };
  return (
    <Card size="small" type="inner" style={{ marginBottom: 12 }} data-testid="scheme-item" extra={<Button size="small" type="text" danger icon={<MinusCircleOutlined />} onClick={onRemove} aria-label={t('scheme.removeItem')} />} title={t('scheme.itemN', { n: item + 1 })}>
      <Form.Item name={[...rel, 'key']} hidden>
        <Input />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name={[...rel, 'name']} label={t('scheme.itemName')} rules={[{ required: true, whitespace: true, message: t('scheme.itemNameRequired') }]}>
            <Input maxLength={100} data-testid="scheme-item-name" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[...rel, 'weight']} label={t('assess.weight')} rules={[{ required: true, message: t('scheme.weightRequired') }]}>
            <InputNumber min={0.01} max={100} style={{ width: '100%' }} data-testid="scheme-item-weight" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[...rel, 'noDataScore']} label={t('scheme.noDataScore')} tooltip={t('scheme.noDataHint')}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[...rel, 'source', 'kind']} label={t('scheme.source')} rules={[{ required: true }]}>
            <Select onChange={onSource} options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`scheme.source.${k}`) }))} data-testid="scheme-item-source" />
          </Form.Item>
        </Col>
        {source === 'indicator' ? (
          <Col xs={24} md={12}>
            <Form.Item name={[...rel, 'source', 'indicatorId']} label={t('scheme.indicator')} rules={[{ required: true, message: t('scheme.indicatorRequired') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={indicators.isLoading} options={(indicators.data?.data ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.code}）` }))} />
            </Form.Item>
          </Col>
        ) : null}
        {source === 'manual' ? (
          <Col xs={24} md={12}>
            <Form.Item name={[...rel, 'source', 'reviewerIds']} label={t('scheme.reviewers')} rules={[{ required: true, type: 'array', min: 1, message: t('scheme.reviewersRequired') }]}>
              <UserMultiSelect placeholder={t('scheme.reviewersPlaceholder')} data-testid="scheme-item-reviewers" />
            </Form.Item>
          </Col>
        ) : null}
        <Col xs={24} md={12}>
          <Form.Item name={[...rel, 'formula', 'kind']} label={t('assess.formula')} rules={[{ required: true }]}>
            <Select disabled={source === 'manual'} options={FORMULA_KINDS.filter((k) => (source === 'manual') === (k === 'manual')).map((k) => ({ value: k, label: t(`scheme.formula.${k}`) }))} data-testid="scheme-item-formula" />
          </Form.Item>
        </Col>
      </Row>
      <FormulaFields form={form} path={path} rel={rel} />
    </Card>
  );
}

/** Districts apart from departments: the groups made from the kinds of the units under the caller's top unit. */
async function groupsByKind(t: Translate): Promise<SchemeValues['definition']['groups']> {
  const [root] = await orgChildren();
  if (!root) return [];
  const children = (await orgChildren(root.id)).filter((u) => u.active);
  const districts = children.filter((u) => u.kind === 'district').map((u) => u.id);
  const others = children.filter((u) => u.kind !== 'district').map((u) => u.id);
  return [
    ...(districts.length ? [{ key: 'district', name: t('scheme.group.district'), unitIds: districts }] : []),
    ...(others.length ? [{ key: 'department', name: t('scheme.group.department'), unitIds: others }] : []),
  ];
}

function SchemeForm({ id, initial, readOnly }: { id: string | null; initial: SchemeValues; readOnly: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SchemeValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const dimensions = Form.useWatch(['definition', 'dimensions'], form) as SchemeValues['definition']['dimensions'] | undefined;
  const sum = weightSum(dimensions ?? initial.definition.dimensions);

  const save = async (v: SchemeValues) => {
    setGeneral([]);
    if (sum !== 100) {
      setGeneral([t('scheme.weightSum', { sum })]);
      return;
    }
    setBusy(true);
    try {
      const saved = id ? await updateScheme(id, toInput(v)) : await createScheme(toInput(v));
      message.success(t('scheme.saved'));
      void queryClient.invalidateQueries({ queryKey: ['assessment'] });
      navigate(`/rhythm/assessment-schemes/${saved.id}`, { replace: true });
    } catch (err) {
      const rest = placeServerErrors(form, err);
      if (rest.length) setGeneral(rest);
      else if (!fieldErrors(err).length) message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const fillGroups = async () => {
    try {
      form.setFieldValue(['definition', 'groups'], await groupsByKind(t));
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };

  return (
    <Form<SchemeValues> form={form} layout="vertical" disabled={readOnly} initialValues={initial} onFinish={save} scrollToFirstError data-testid="scheme-form">
      {general.length ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={general.join('；')} data-testid="scheme-errors" /> : null}
      <Card size="small" title={t('scheme.basics')} style={{ marginBottom: 16 }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('scheme.name')} rules={[{ required: true, whitespace: true, message: t('scheme.nameRequired') }]}>
              <Input maxLength={200} data-testid="scheme-name" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="year" label={t('scheme.year')} rules={[{ required: true, message: t('scheme.yearRequired') }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="scheme-year" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="objectionDays" label={t('scheme.objectionDays')} rules={[{ required: true, message: t('scheme.objectionDaysRequired') }]}>
              <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Form.List name={['definition', 'dimensions']}>
        {(dims, { add, remove }) => (
          <Card
            size="small"
            style={{ marginBottom: 16 }}
            title={
              <Space wrap>
                <span>{t('scheme.dimensions')}</span>
                <Tag color={sum === 100 ? 'green' : 'red'} data-testid="scheme-weight-sum">
                  {t('scheme.weightTotal', { sum })}
                </Tag>
              </Space>
            }
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ key: newKey('d'), name: '', items: [newItem()] })} data-testid="scheme-add-dimension">
                {t('scheme.addDimension')}
              </Button>
            }
          >
            {dims.map((d) => (
              <Card key={d.key} size="small" style={{ marginBottom: 12 }} data-testid="scheme-dimension">
                <Form.Item name={[d.name, 'key']} hidden>
                  <Input />
                </Form.Item>
                <Row gutter={8} wrap={false} align="top">
                  <Col flex="auto">
                    <Form.Item name={[d.name, 'name']} rules={[{ required: true, whitespace: true, message: t('scheme.dimensionNameRequired') }]}>
                      <Input placeholder={t('scheme.dimensionName')} maxLength={100} data-testid="scheme-dimension-name" />
                    </Form.Item>
                  </Col>
                  <Col flex="none">
                    <Button danger icon={<MinusCircleOutlined />} onClick={() => remove(d.name)} aria-label={t('scheme.removeDimension')} />
                  </Col>
                </Row>
                <Form.List name={[d.name, 'items']}>
                  {(its, { add: addItem, remove: removeItem }) => (
                    <>
                      {its.map((it) => (
                        <ItemFields key={it.key} form={form} dim={d.name} item={it.name} onRemove={() => removeItem(it.name)} />
                      ))}
                      <Button type="dashed" block icon={<PlusOutlined />} onClick={() => addItem(newItem())} data-testid="scheme-add-item">
                        {t('scheme.addItem')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Card>
            ))}
          </Card>
        )}
      </Form.List>

      <Card size="small" style={{ marginBottom: 16 }} title={t('scheme.adjustments')}>
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name={['definition', 'bonusCap']} label={t('scheme.bonusCap')}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={['definition', 'deductionCap']} label={t('scheme.deductionCap')}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name={['definition', 'adjustments']}>
          {(rows, { add, remove }) => (
            <>
              {rows.map((r) => (
                <Row key={r.key} gutter={8} align="top" data-testid="scheme-adjustment">
                  <Form.Item name={[r.name, 'key']} hidden>
                    <Input />
                  </Form.Item>
                  <Col xs={8} md={4}>
                    <Form.Item name={[r.name, 'kind']}>
                      <Select
                        options={[
                          { value: 'bonus', label: t('assess.bonus') },
                          { value: 'deduction', label: t('assess.deduction') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={16} md={12}>
                    <Form.Item name={[r.name, 'name']} rules={[{ required: true, whitespace: true, message: t('scheme.adjustmentNameRequired') }]}>
                      <Input maxLength={100} placeholder={t('scheme.adjustmentName')} />
                    </Form.Item>
                  </Col>
                  <Col xs={18} md={6}>
                    <Form.Item name={[r.name, 'cap']} rules={[{ required: true, message: t('scheme.capRequired') }]}>
                      <InputNumber min={0} max={100} prefix={t('scheme.cap')} style={{ width: '100%' }} data-testid="scheme-adjustment-cap" />
                    </Form.Item>
                  </Col>
                  <Col xs={6} md={2}>
                    <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(r.name)} aria-label={t('common.delete')} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ key: newKey('a'), name: '', kind: 'bonus' })} data-testid="scheme-add-adjustment">
                {t('scheme.addAdjustment')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Form.List name={['definition', 'groups']}>
        {(rows, { add, remove }) => (
          <Card
            size="small"
            style={{ marginBottom: 16 }}
            title={t('scheme.groups')}
            extra={
              <Space wrap>
                <Button size="small" onClick={() => void fillGroups()} data-testid="scheme-groups-by-kind">
                  {t('scheme.groupsByKind')}
                </Button>
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ key: newKey('g'), name: '', unitIds: [] })}>
                  {t('scheme.addGroup')}
                </Button>
              </Space>
            }
          >
            {rows.map((r) => (
              <Row key={r.key} gutter={8} align="top" data-testid="scheme-group">
                <Form.Item name={[r.name, 'key']} hidden>
                  <Input />
                </Form.Item>
                <Col xs={24} md={6}>
                  <Form.Item name={[r.name, 'name']} rules={[{ required: true, whitespace: true, message: t('scheme.groupNameRequired') }]}>
                    <Input maxLength={50} placeholder={t('scheme.groupName')} />
                  </Form.Item>
                </Col>
                <Col xs={20} md={16}>
                  <Form.Item name={[r.name, 'unitIds']} rules={[{ required: true, type: 'array', min: 1, message: t('scheme.groupUnitsRequired') }]}>
                    <OrgTreeSelect multiple placeholder={t('scheme.groupUnits')} />
                  </Form.Item>
                </Col>
                <Col xs={4} md={2}>
                  <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(r.name)} aria-label={t('common.delete')} />
                </Col>
              </Row>
            ))}
          </Card>
        )}
      </Form.List>
      {readOnly ? null : (
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="scheme-save">
            {t('common.save')}
          </Button>
          <Link to="/rhythm/assessment-schemes">{t('common.cancel')}</Link>
        </Space>
      )}
    </Form>
  );
}

const EMPTY = (year: number, t: Translate): SchemeValues => ({
  year,
  name: '',
  objectionDays: 5,
  definition: {
    dimensions: [{ key: newKey('d'), name: '', items: [newItem()] }],
    adjustments: [],
    groups: [
      { key: 'district', name: t('scheme.group.district'), unitIds: [] },
      { key: 'department', name: t('scheme.group.department'), unitIds: [] },
    ],
    bonusCap: 0,
    deductionCap: 0,
  },
});

/**
 * 考核办法 editor at /rhythm/assessment-schemes/:id (`new` for a new scheme; `new?copy=<id>`
 * starts from that scheme, a year later). The form mounts once the scheme is loaded so its
 * lists take their rows from `initialValues`.
 */
export function SchemeEditor({ id }: { id: string }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const creating = id === 'new';
  const copyOf = creating ? params.get('copy') : null;
  const source = creating ? copyOf : id;
  const query = useQuery({ queryKey: ['assessment', 'scheme', source], queryFn: ({ signal }) => getScheme(source!, signal), enabled: Boolean(source) });
  if (query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.status === 400)) return <NotFoundCard text={t('scheme.notFound')} backTo="/rhythm/assessment-schemes" backLabel={t('scheme.backToList')} testId="scheme-not-found" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (source && !query.data) return <Skeleton active />;
  const s = query.data;
  const initial: SchemeValues = s
    ? ((copyOf ? nextYear(s) : { year: s.year, name: s.name, objectionDays: s.objectionDays, definition: s.definition }) as SchemeValues)
    : EMPTY(tenantToday().year(), t);
  const readOnly = Boolean(s && !copyOf && !s.canManage);
  return (
    <>
      <PageHeader
        title={
          <AssessmentTrail>
            <Link to="/rhythm/assessment-schemes">{t('scheme.title')}</Link>
            <span>/</span>
            <span data-testid="scheme-heading">{creating ? t(copyOf ? 'scheme.copyTitle' : 'scheme.new') : s?.name}</span>
          </AssessmentTrail>
        }
      />
      {readOnly ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('scheme.readOnly')} /> : null}
      <SchemeForm key={`${id}:${copyOf ?? ''}`} id={creating ? null : id} initial={initial} readOnly={readOnly} />
    </>
  );
}
