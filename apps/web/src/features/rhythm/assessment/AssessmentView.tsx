import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/client.ts';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { NotFoundCard } from '../../../components/NotFoundCard.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useFormSubmit } from '../../../lib/use-form-submit.ts';
import type { Attachment } from '../../../api/types.ts';
import { AttachmentUpload, finishedIds, type AttachmentFile } from '../../tasks/AttachmentUpload.tsx';
import { Attachments } from '../../tasks/ReportsTab.tsx';
import { useBusyAction } from '../use-busy-action.ts';
import { AssessmentTrail, RunStatusTag } from './AssessmentList.tsx';
import { addAdjustment, answerObjection, removeAdjustment, downloadRunExcel, setManualScore, downloadRunWord, fileObjection, getRun, publishRun, type AnswerInput, type Derivation, type ItemLine, type Objection, type ResultRow, type Run } from './assessment.api.ts';

const fmt = (n: number | null) => (n === null ? '—' : String(n));

/** One unit's derivation: each item's data, how it was obtained, the formula, score, weight and weighted score; then adjustments (with their evidence files) and the total. */
export function DerivationTable({ d, evidence = {}, onWithdraw }: { d: Derivation; evidence?: Record<string, Attachment[]>; onWithdraw?: ((key: string, name: string) => void) | undefined }) {
  const { t } = useI18n();
  return (
    <div data-testid="assess-derivation">
      <Table<ItemLine>
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={d.items}
        columns={[
          { key: 'name', title: t('assess.item'), width: 150, render: (_, i) => i.name },
          { key: 'raw', title: t('assess.raw'), width: 70, align: 'right', render: (_, i) => fmt(i.raw) },
          { key: 'basis', title: t('assess.basis'), render: (_, i) => i.basis },
          { key: 'formula', title: t('assess.formula'), width: 220, render: (_, i) => <Typography.Text type="secondary">{i.formulaText}{i.rawRank ? ` · ${t('assess.rawRank', { n: i.rawRank })}` : ''}</Typography.Text> },
          { key: 'score', title: t('assess.score'), width: 64, align: 'right', render: (_, i) => i.score },
          { key: 'weight', title: t('assess.weight'), width: 56, align: 'right', render: (_, i) => i.weight },
          { key: 'weighted', title: t('assess.weighted'), width: 76, align: 'right', render: (_, i) => <strong>{i.weighted}</strong> },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="assess-sum">
        {t('assess.sum', { items: d.itemsTotal, bonus: d.bonus, bonusCap: d.bonusCap, deduction: d.deduction, deductionCap: d.deductionCap, total: d.total })}
      </Typography.Paragraph>
      {d.adjustments.map((a) => (
        <Typography.Paragraph key={a.key} type="secondary" style={{ marginBottom: 0 }}>
          {t(a.kind === 'bonus' ? 'assess.bonusLine' : 'assess.deductionLine', { name: a.name, entered: a.entered, cap: a.cap, applied: a.applied })}
          {a.notes.length ? `：${a.notes.join('；')}` : ''}
          {onWithdraw ? (
            <Button type="link" size="small" danger onClick={() => onWithdraw(a.key, a.name)} data-testid="assess-withdraw">
              {t('assess.withdraw')}
            </Button>
          ) : null}
          {evidence[a.key]?.length ? <Attachments files={evidence[a.key]!} testId="assess-evidence" /> : null}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

function ObjectModal({ run, unit, onClose, onSaved }: { run: Run; unit: ResultRow; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, busy } = useFormSubmit(form, async (v: { reason: string }) => {
    await fileObjection(run.id, { unitId: unit.unitId, reason: v.reason.trim() });
    message.success(t('assess.objected'));
    onSaved();
    onClose();
  });
  return (
    <Modal open title={t('assess.object')} onCancel={onClose} onOk={() => form.submit()} okText={t('assess.objectSubmit')} okButtonProps={{ 'data-testid': 'assess-object-ok' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('assess.objectHint', { unit: unit.unitName, until: run.objectionUntil ?? '' })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t('assess.reason')} rules={[{ required: true, whitespace: true, message: t('assess.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} data-testid="assess-object-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type AnswerValues = { decision: 'upheld' | 'rejected'; answer: string; adjustKey?: string; points?: number; note?: string; manual?: Record<string, number | null | undefined> };

function AnswerModal({ run, objection, onClose, onSaved }: { run: Run; objection: Objection; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AnswerValues>();
  const decision = Form.useWatch('decision', form);
  // An upheld objection may set a manual item's score for the unit (replacing the reviewers' average).
  const manualItems = (run.definition?.dimensions ?? []).flatMap((d) => d.items).filter((i) => i.source.kind === 'manual');
  const current = run.results.find((r) => r.unitId === objection.unitId)?.derivation.items;
  const { submit, busy } = useFormSubmit(form, async (v: AnswerValues) => {
    const input: AnswerInput = { decision: v.decision, answer: v.answer.trim() };
    if (v.decision === 'upheld' && v.adjustKey && v.points) input.adjustments = [{ key: v.adjustKey, points: v.points, note: (v.note ?? '').trim() || v.answer.trim().slice(0, 500) }];
    const scores = Object.entries(v.manual ?? {}).flatMap(([itemKey, score]) => (typeof score === 'number' ? [{ itemKey, score }] : []));
    if (v.decision === 'upheld' && scores.length) input.manualScores = scores;
    await answerObjection(objection.id, input);
    message.success(t('assess.answered'));
    onSaved();
    onClose();
  });
  return (
    <Modal open title={t('assess.answer')} onCancel={onClose} onOk={() => form.submit()} okText={t('assess.answerSubmit')} okButtonProps={{ 'data-testid': 'assess-answer-ok' }} cancelText={t('common.cancel')} confirmLoading={busy} width={600} destroyOnHidden>
      <Typography.Paragraph>
        <strong>{objection.unitName}</strong>：{objection.reason}
      </Typography.Paragraph>
      <Form<AnswerValues> form={form} layout="vertical" onFinish={submit} initialValues={{ decision: 'rejected' }} data-testid="assess-answer-form">
        <Form.Item name="decision" label={t('assess.decision')}>
          <Radio.Group
            options={[
              { value: 'upheld', label: t('assess.decision.upheld') },
              { value: 'rejected', label: t('assess.decision.rejected') },
            ]}
            data-testid="assess-decision"
          />
        </Form.Item>
        <Form.Item name="answer" label={t('assess.answerText')} rules={[{ required: true, whitespace: true, message: t('assess.answerRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} data-testid="assess-answer-text" />
        </Form.Item>
        {decision === 'upheld' && run.definition?.adjustments.length ? (
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="adjustKey" noStyle>
              <Select allowClear placeholder={t('assess.adjustItem')} style={{ width: '45%' }} options={run.definition.adjustments.map((a) => ({ value: a.key, label: `${t(a.kind === 'bonus' ? 'assess.bonus' : 'assess.deduction')}：${a.name}` }))} data-testid="assess-adjust-key" />
            </Form.Item>
            <Form.Item name="points" noStyle>
              <InputNumber min={0.5} max={100} step={0.5} placeholder={t('assess.points')} style={{ width: '20%' }} data-testid="assess-adjust-points" />
            </Form.Item>
            <Form.Item name="note" noStyle>
              <Input maxLength={500} placeholder={t('assess.adjustNote')} style={{ width: '35%' }} />
            </Form.Item>
          </Space.Compact>
        ) : null}
        {decision === 'upheld'
          ? manualItems.map((i) => {
              const now = current?.find((x) => x.key === i.key)?.score;
              return (
                <Form.Item key={i.key} name={['manual', i.key]} label={t('assess.reviewScore', { name: i.name })} extra={t('assess.reviewScoreHint', { score: now ?? '—' })} style={{ marginTop: 12, marginBottom: 0 }}>
                  <InputNumber min={0} max={100} step={0.5} style={{ width: 160 }} data-testid={`assess-review-score-${i.key}`} />
                </Form.Item>
              );
            })
          : null}
      </Form>
    </Modal>
  );
}

type ScoreValues = Record<string, number | null | undefined>;

/** A named reviewer's scores of one unit: only the manual items the caller reviews, each 0–100; each filled score is sent. */
function ScoreModal({ run, unit, onClose, onSaved }: { run: Run; unit: ResultRow; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScoreValues>();
  const mine = unit.derivation.items.filter((i) => run.reviewerItems.includes(i.key));
  const { submit, busy } = useFormSubmit(form, async (v: ScoreValues) => {
    const filled = mine.filter((i) => typeof v[i.key] === 'number');
    if (!filled.length) {
      form.setFields([{ name: mine[0]!.key, errors: [t('assess.scoreRequired')] }]);
      return;
    }
    for (const i of filled) await setManualScore(run.id, { unitId: unit.unitId, itemKey: i.key, score: v[i.key]! });
    message.success(t('assess.scored'));
    onSaved();
    onClose();
  });
  return (
    <Modal open title={t('assess.scoreTitle', { unit: unit.unitName })} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} okButtonProps={{ 'data-testid': 'assess-score-ok' }} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="assess-score-form">
        {mine.map((i) => (
          <Form.Item key={i.key} name={i.key} label={i.name} extra={i.raw === null ? i.basis : `${t('assess.scoreNow', { raw: i.raw })}${i.basis}`}>
            <InputNumber min={0} max={100} step={1} style={{ width: 160 }} data-testid={`assess-score-${i.key}`} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** The reviewer's table: every unit of the run with its current score of each item the caller reviews, and 评分. */
function ReviewerCard({ run, onScore }: { run: Run; onScore: (unit: ResultRow) => void }) {
  const { t } = useI18n();
  const items = run.results[0]?.derivation.items.filter((i) => run.reviewerItems.includes(i.key)) ?? [];
  return (
    <Card size="small" title={t('assess.reviewTitle')} style={{ marginBottom: 16 }} data-testid="assess-review">
      <Typography.Paragraph type="secondary">{t('assess.reviewHint', { items: items.map((i) => i.name).join('、') })}</Typography.Paragraph>
      <Table<ResultRow>
        rowKey="unitId"
        size="small"
        pagination={false}
        scroll={{ x: 480 }}
        dataSource={run.results}
        columns={[
          { key: 'unit', title: t('assess.unit'), render: (_, x) => x.unitName },
          ...items.map((it) => ({ key: it.key, title: it.name, width: 140, align: 'right' as const, render: (_: unknown, x: ResultRow) => fmt(x.derivation.items.find((i) => i.key === it.key)?.raw ?? null) })),
          {
            key: 'act',
            title: '',
            width: 80,
            render: (_, x) => (
              <Button size="small" onClick={() => onScore(x)} data-testid="assess-score">
                {t('assess.scoreAction')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

type AdjustValues = { unitId: string; key: string; points: number; note: string };

/** 加减分 before publishing: a unit, an item of the scheme with its cap and the overall cap shown, the points, the reason and evidence files. */
function AdjustModal({ run, onClose, onSaved }: { run: Run; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustValues>();
  const [files, setFiles] = useState<AttachmentFile[]>([]);
  const def = run.definition!;
  const key = Form.useWatch('key', form);
  const unitId = Form.useWatch('unitId', form);
  const item = def.adjustments.find((a) => a.key === key);
  const line = run.results.find((x) => x.unitId === unitId)?.derivation.adjustments.find((a) => a.key === key);
  const { submit, busy } = useFormSubmit(form, async (v: AdjustValues) => {
    const attachmentIds = finishedIds(files);
    if (!attachmentIds) {
      message.warning(t('report.uploading'));
      return;
    }
    await addAdjustment(run.id, { unitId: v.unitId, key: v.key, points: v.points, note: v.note.trim(), ...(attachmentIds.length ? { attachmentIds } : {}) });
    message.success(t('assess.adjusted'));
    onSaved();
    onClose();
  });
  return (
    <Modal open title={t('assess.adjust')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} okButtonProps={{ 'data-testid': 'assess-adjust-ok' }} cancelText={t('common.cancel')} confirmLoading={busy} width={600} destroyOnHidden>
      <Form<AdjustValues> form={form} layout="vertical" onFinish={submit} data-testid="assess-adjust-form">
        <Form.Item name="unitId" label={t('assess.unit')} rules={[{ required: true, message: t('assess.adjustUnitRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={run.results.map((x) => ({ value: x.unitId, label: x.unitName }))} data-testid="assess-adjust-unit" />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('assess.adjustItemLabel')}
          rules={[{ required: true, message: t('assess.adjustItemRequired') }]}
          extra={item ? t('assess.adjustCap', { cap: item.cap, kind: t(item.kind === 'bonus' ? 'assess.bonus' : 'assess.deduction'), total: item.kind === 'bonus' ? def.bonusCap : def.deductionCap, entered: line?.entered ?? 0 }) : null}
        >
          <Select options={def.adjustments.map((a) => ({ value: a.key, label: `${t(a.kind === 'bonus' ? 'assess.bonus' : 'assess.deduction')}：${a.name}` }))} data-testid="assess-adjust-item" />
        </Form.Item>
        <Form.Item name="points" label={t('assess.points')} rules={[{ required: true, message: t('assess.pointsRequired') }]}>
          <InputNumber min={0.01} max={100} step={0.5} style={{ width: 160 }} data-testid="assess-adjust-value" />
        </Form.Item>
        <Form.Item name="note" label={t('assess.adjustNote')} rules={[{ required: true, whitespace: true, message: t('assess.noteRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} data-testid="assess-adjust-note" />
        </Form.Item>
        <Form.Item label={t('assess.evidence')}>
          <AttachmentUpload files={files} onChange={setFiles} variant="list" testId="assess-adjust-upload" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const STATUS_COLORS = { open: 'orange', upheld: 'green', rejected: 'default' } as const;

/** 考核结果: the office's whole ranking with each unit's derivation, or a liaison's own unit's result; the objections and their answers. */
export function AssessmentView({ id }: { id: string }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['assessment', 'run', id], queryFn: ({ signal }) => getRun(id, signal) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['assessment'] });
  const { busy, run: act } = useBusyAction(reload);
  const [objecting, setObjecting] = useState<ResultRow | null>(null);
  const [answering, setAnswering] = useState<Objection | null>(null);
  const [scoring, setScoring] = useState<ResultRow | null>(null);
  const [adjusting, setAdjusting] = useState(false);

  if (query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.status === 400)) return <NotFoundCard text={t('assess.notFound')} backTo="/rhythm/assessments" backLabel={t('assess.backToList')} testId="assess-not-found" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const r = query.data;
  if (!r) return <Skeleton active />;
  const withdraw = (unit: ResultRow) => (key: string, name: string) =>
    modal.confirm({
      title: t('assess.withdraw'),
      content: t('assess.withdrawConfirm', { unit: unit.unitName, name }),
      okText: t('assess.withdraw'),
      okButtonProps: { danger: true, 'data-testid': 'assess-withdraw-confirm' } as never,
      cancelText: t('common.cancel'),
      onOk: () => act('withdraw', async () => void (await removeAdjustment(r.id, { unitId: unit.unitId, key }), message.success(t('assess.withdrawn')))),
    });
  const publish = () =>
    modal.confirm({
      title: t('assess.publish'),
      content: t('assess.publishConfirm'),
      okText: t('assess.publish'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'assess-publish-confirm' } as never,
      onOk: () => act('publish', async () => void (await publishRun(r.id), message.success(t('assess.publishedMsg')))),
    });

  return (
    <>
      <PageHeader
        title={
          <AssessmentTrail>
            <span data-testid="assess-heading">
              {r.schemeName}（{r.period}）
            </span>
            <RunStatusTag status={r.status} />
          </AssessmentTrail>
        }
        extra={
          <Space wrap>
            {r.canManage && r.status === 'draft' && r.definition?.adjustments.length ? (
              <Button onClick={() => setAdjusting(true)} data-testid="assess-adjust">
                {t('assess.adjust')}
              </Button>
            ) : null}
            {r.canManage && r.status === 'draft' ? (
              <Button type="primary" loading={busy === 'publish'} onClick={publish} data-testid="assess-publish">
                {t('assess.publish')}
              </Button>
            ) : null}
            <Button loading={busy === 'excel'} onClick={() => void act('excel', () => downloadRunExcel(r.id))} data-testid="assess-excel">
              {t('assess.excel')}
            </Button>
            <Button loading={busy === 'word'} onClick={() => void act('word', () => downloadRunWord(r.id))} data-testid="assess-word">
              {t('assess.word')}
            </Button>
          </Space>
        }
      />
      {r.status === 'published' ? <Alert type={r.windowOpen ? 'info' : 'success'} showIcon style={{ marginBottom: 16 }} message={t(r.windowOpen ? 'assess.windowOpen' : 'assess.windowClosed', { at: formatDateTime(r.publishedAt), until: r.objectionUntil ?? '' })} data-testid="assess-window" /> : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('assess.period')}>{`${r.periodStart} ~ ${r.periodEnd}`}</Descriptions.Item>
        <Descriptions.Item label={t('assess.computedAt')}>{formatDateTime(r.computedAt)}</Descriptions.Item>
      </Descriptions>
      {r.reviewerItems.length && r.results.length ? <ReviewerCard run={r} onScore={setScoring} /> : null}
      {r.full
        ? r.groups.map((g) => (
            <Card key={g.key} size="small" title={g.name} style={{ marginBottom: 16 }} data-testid="assess-group">
              <Table<ResultRow>
                rowKey="unitId"
                size="small"
                pagination={false}
                scroll={{ x: 560 }}
                dataSource={r.results.filter((x) => x.groupKey === g.key)}
                expandable={{ expandedRowRender: (x) => <DerivationTable d={x.derivation} evidence={x.evidence} onWithdraw={r.canManage && r.status === 'draft' ? withdraw(x) : undefined} />, expandRowByClick: true }}
                data-testid="assess-results"
                columns={[
                  { key: 'rank', title: t('assess.rank'), width: 64, render: (_, x) => x.rank },
                  { key: 'unit', title: t('assess.unit'), render: (_, x) => x.unitName },
                  { key: 'items', title: t('assess.itemsTotal'), width: 90, align: 'right', render: (_, x) => x.derivation.itemsTotal },
                  { key: 'bonus', title: t('assess.bonus'), width: 70, align: 'right', render: (_, x) => x.derivation.bonus || '—' },
                  { key: 'deduction', title: t('assess.deduction'), width: 70, align: 'right', render: (_, x) => x.derivation.deduction || '—' },
                  { key: 'total', title: t('assess.total'), width: 80, align: 'right', render: (_, x) => <strong>{x.total}</strong> },
                ]}
              />
            </Card>
          ))
        : r.results.map((x) => (
            <Card
              key={x.unitId}
              size="small"
              style={{ marginBottom: 16 }}
              data-testid="assess-own"
              title={x.unitName}
              extra={
                x.canObject ? (
                  <Button onClick={() => setObjecting(x)} data-testid="assess-object">
                    {t('assess.object')}
                  </Button>
                ) : null
              }
            >
              <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="assess-own-total">
                {t('assess.ownLine', { group: r.groups.find((g) => g.key === x.groupKey)?.name ?? '', rank: x.rank, total: x.total })}
              </Typography.Title>
              <DerivationTable d={x.derivation} evidence={x.evidence} />
            </Card>
          ))}
      <Card size="small" title={t('assess.objections')} data-testid="assess-objections">
        <List<Objection>
          dataSource={r.objections}
          locale={{ emptyText: t('assess.noObjections') }}
          renderItem={(o) => (
            <List.Item
              data-testid="assess-objection"
              actions={
                r.canManage && o.status === 'open'
                  ? [
                      <Button key="answer" size="small" type="primary" onClick={() => setAnswering(o)} data-testid="assess-answer">
                        {t('assess.answer')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{o.unitName}</span>
                    <Tag color={STATUS_COLORS[o.status]}>{t(`assess.objection.${o.status}`)}</Tag>
                    <Typography.Text type="secondary">{`${o.filedByName ?? ''} ${formatDateTime(o.filedAt)}`}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <div>{o.reason}</div>
                    {o.status !== 'open' ? (
                      <div style={{ marginTop: 4 }} data-testid="assess-objection-answer">
                        <strong>{t('assess.answerBy', { who: o.answeredByName ?? '' })}</strong>
                        {o.answer}
                      </div>
                    ) : null}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      {objecting ? <ObjectModal run={r} unit={objecting} onClose={() => setObjecting(null)} onSaved={reload} /> : null}
      {scoring ? <ScoreModal run={r} unit={scoring} onClose={() => setScoring(null)} onSaved={reload} /> : null}
      {adjusting ? <AdjustModal run={r} onClose={() => setAdjusting(false)} onSaved={reload} /> : null}
      {answering ? <AnswerModal run={r} objection={answering} onClose={() => setAnswering(null)} onSaved={reload} /> : null}
    </>
  );
}
