import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { NotFoundCard } from '../../components/NotFoundCard.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useBusyAction } from './use-busy-action.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { BulletinStatusTag } from './RhythmHome.tsx';
import { downloadBulletinDocx, editBulletin, getBulletin, publishBulletin, regenerateBulletin, type Bulletin, type BulletinBody, type RankedUnit } from './rhythm.api.ts';

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
const BODY_FIELDS = ['summary', 'praise', 'criticism', 'requirements'] as const;

type TextValues = BulletinBody & { title: string; docNumber: string };

/** The editable text: title, number and the four paragraphs; read-only once published. */
function BulletinText({ b, onSaved }: { b: Bulletin; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TextValues>();
  const { submit, busy } = useFormSubmit(form, async (v: TextValues) => {
    await editBulletin(b.id, { title: v.title.trim(), docNumber: v.docNumber.trim(), body: { summary: v.summary, praise: v.praise, criticism: v.criticism, requirements: v.requirements } });
    message.success(t('bulletin.saved'));
    onSaved();
  });
  const editable = b.policies.canEdit;
  return (
    <Form<TextValues> form={form} layout="vertical" onFinish={submit} initialValues={{ title: b.title, docNumber: b.docNumber, ...b.body }} disabled={!editable} data-testid="bulletin-text">
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 1fr)', columnGap: 16 }}>
        <Form.Item name="title" label={t('bulletin.title')} rules={[{ required: true, whitespace: true, message: t('bulletin.titleRequired') }]}>
          <Input maxLength={200} data-testid="bulletin-title" />
        </Form.Item>
        <Form.Item name="docNumber" label={t('bulletin.docNumber')}>
          <Input maxLength={50} data-testid="bulletin-number" />
        </Form.Item>
      </div>
      {BODY_FIELDS.map((f) => (
        <Form.Item key={f} name={f} label={t(`bulletin.${f}`)}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} maxLength={5000} data-testid={`bulletin-${f}`} />
        </Form.Item>
      ))}
      {editable ? (
        <Button htmlType="submit" loading={busy} data-testid="bulletin-save">
          {t('bulletin.save')}
        </Button>
      ) : null}
    </Form>
  );
}

/**
 * 通报: the figures counted from live data (summary, the ranking of units, red items, units
 * commended) beside the text the office edits; supervisors recount a draft, publish it (locking
 * both) and download the Word file.
 */
export function BulletinView({ id }: { id: string }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['rhythm', 'bulletin', id], queryFn: ({ signal }) => getBulletin(id, signal) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['rhythm'] });
  const { busy, run } = useBusyAction(reload);

  if (query.error instanceof ApiError && (query.error.code === 'NOT_FOUND' || query.error.status === 400)) return <NotFoundCard text={t('bulletin.notFound')} backTo="/rhythm?tab=bulletins" backLabel={t('bulletin.backToList')} testId="bulletin-not-found" />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const b = query.data;
  if (!b) return <Skeleton active />;
  const f = b.figures;
  const s = f.summary;
  const publish = () =>
    modal.confirm({
      title: t('bulletin.publish'),
      content: t('bulletin.publishConfirm'),
      okText: t('bulletin.publish'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'bulletin-publish-confirm' } as never,
      onOk: () => run('publish', async () => void message.success(t('bulletin.published', { n: (await publishBulletin(b.id)).notified }))),
    });

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <Link to="/rhythm?tab=bulletins">{t('menu.rhythm')}</Link>
            <span>/</span>
            <span data-testid="bulletin-heading">{b.title}</span>
            <BulletinStatusTag status={b.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {b.policies.canEdit ? (
              <>
                <Button loading={busy === 'regen'} onClick={() => void run('regen', async () => void (await regenerateBulletin(b.id), message.success(t('bulletin.regenerated'))))} data-testid="bulletin-regenerate">
                  {t('bulletin.regenerate')}
                </Button>
                <Button type="primary" loading={busy === 'publish'} onClick={publish} data-testid="bulletin-publish">
                  {t('bulletin.publish')}
                </Button>
              </>
            ) : null}
            <Button loading={busy === 'word'} onClick={() => void run('word', () => downloadBulletinDocx(b.id))} data-testid="bulletin-word">
              {t('bulletin.word')}
            </Button>
          </Space>
        }
      />
      {b.status === 'published' ? <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('bulletin.locked', { at: formatDateTime(b.publishedAt) })} data-testid="bulletin-locked" /> : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('bulletin.period')}>{b.periodLabel}</Descriptions.Item>
        <Descriptions.Item label={t('bulletin.scope')}>{b.scopeUnit.name}</Descriptions.Item>
        <Descriptions.Item label={t('bulletin.docNumber')}>{b.docNumber || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('bulletin.generatedAt')}>{formatDateTime(b.generatedAt)}</Descriptions.Item>
      </Descriptions>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 16 }}>
        <Card title={t('bulletin.figures', { asOf: f.asOf })} size="small" data-testid="bulletin-figures">
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(110px, 1fr))', gap: 12, marginBottom: 16 }}>
            <Statistic title={t('bulletin.fig.assigned')} value={s.assigned} />
            <Statistic title={t('bulletin.fig.completed')} value={s.completed} />
            <Statistic title={t('bulletin.fig.onTimeRate')} value={pct(s.onTimeRate)} />
            <Statistic title={t('bulletin.fig.overdue')} value={s.overdue} valueStyle={s.overdue ? { color: '#cf1322' } : undefined} />
            <Statistic title={t('bulletin.fig.red')} value={s.red} valueStyle={s.red ? { color: '#cf1322' } : undefined} />
            <Statistic title={t('bulletin.fig.rectificationRate')} value={pct(s.rectificationRate)} />
            <Statistic title={t('bulletin.fig.investmentRate')} value={pct(s.investmentRate)} />
          </div>
          <Typography.Title level={5}>{t('bulletin.ranking')}</Typography.Title>
          <Table<RankedUnit>
            rowKey="unitId"
            size="small"
            pagination={false}
            scroll={{ x: 680 }}
            dataSource={f.ranking}
            data-testid="bulletin-ranking"
            columns={[
              { key: 'rank', title: t('bulletin.rank'), width: 56, render: (_, r) => r.rank },
              { key: 'unit', title: t('bulletin.unit'), width: 180, render: (_, r) => r.name },
              { key: 'done', title: t('bulletin.fig.completed'), width: 64, align: 'right', render: (_, r) => r.completed },
              { key: 'rate', title: t('bulletin.fig.onTimeRate'), width: 96, align: 'right', render: (_, r) => pct(r.onTimeRate) },
              { key: 'overdue', title: t('bulletin.fig.overdue'), width: 88, align: 'right', render: (_, r) => r.overdue },
              { key: 'rect', title: t('bulletin.fig.rectificationRate'), width: 80, align: 'right', render: (_, r) => pct(r.rectificationRate) },
              { key: 'inv', title: t('bulletin.fig.investmentRate'), width: 96, align: 'right', render: (_, r) => pct(r.investmentRate) },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('bulletin.red')}
          </Typography.Title>
          {f.red.length ? (
            <Table
              rowKey={(r) => `${r.title}-${r.unit}`}
              size="small"
              pagination={false}
              dataSource={f.red}
              columns={[
                { key: 'title', title: t('bulletin.red.title'), render: (_, r) => r.title },
                { key: 'unit', title: t('bulletin.unit'), width: 140, render: (_, r) => r.unit },
                { key: 'deadline', title: t('bulletin.red.deadline'), width: 100, render: (_, r) => r.deadline ?? '—' },
                { key: 'reason', title: t('bulletin.red.reason'), render: (_, r) => r.reason },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('bulletin.none')}</Typography.Text>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('bulletin.praised')}
          </Typography.Title>
          <Typography.Paragraph>{f.praised.length ? f.praised.map((p) => p.unit).join('、') : t('bulletin.none')}</Typography.Paragraph>
        </Card>
        <Card title={t('bulletin.title')} size="small">
          <BulletinText key={`${b.status}-${b.generatedAt}`} b={b} onSaved={reload} />
        </Card>
      </div>
    </>
  );
}
