import { FileOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Image, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Attachment, PageInfo, ProgressReport } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { attachmentUrl, downloadAttachment, reviewReport, taskReports } from './tasks.api.ts';
import type { Prompt } from './PromptModal.tsx';

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Evidence files: images as thumbnails that open a preview, other files as download links. */
export function Attachments({ files, testId = 'report-attachments' }: { files: Attachment[]; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  if (files.length === 0) return null;
  const images = files.filter((f) => f.contentType.startsWith('image/'));
  const others = files.filter((f) => !f.contentType.startsWith('image/'));
  const save = (f: Attachment) => downloadAttachment(f).catch((err: unknown) => message.error(errorMessage(err, t)));
  return (
    <div className="report-attachments" data-testid={testId}>
      {images.length ? (
        <Image.PreviewGroup>
          <Space size={8} wrap>
            {images.map((f) => (
              <Image key={f.id} src={attachmentUrl(f.id)} alt={f.fileName} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid="report-thumbnail" />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}
      <Space size={[12, 4]} wrap>
        {[...images, ...others].map((f) => (
          <Button key={f.id} type="link" size="small" icon={f.contentType.startsWith('image/') ? <PaperClipOutlined /> : <FileOutlined />} onClick={() => void save(f)} style={{ paddingInline: 0 }}>
            {f.fileName}({sizeText(f.size)})
          </Button>
        ))}
      </Space>
    </div>
  );
}

/**
 * 进展报送: every report with its period, percent, text, evidence, late flag and review comment.
 * The detail brings the newest page (`reports`, `page`); earlier ones load a page at a time, with
 * how many are shown of how many there are.
 */
export function ReportsTab({ taskId, reports, page, canReview, onPrompt, onChanged }: { taskId: string; reports: ProgressReport[]; page: PageInfo; canReview: boolean; onPrompt: (p: Prompt) => void; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [earlier, setEarlier] = useState<{ pages: number; reports: ProgressReport[] }>({ pages: 1, reports: [] });
  const [loading, setLoading] = useState(false);
  // The detail reloaded (a report added or reviewed): start again from its newest page.
  useEffect(() => setEarlier({ pages: 1, reports: [] }), [reports]);
  if (reports.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.empty')} />;
  const shown = [...reports, ...earlier.reports.filter((r) => !reports.some((n) => n.id === r.id))];
  const loadEarlier = async () => {
    setLoading(true);
    try {
      const next = await taskReports(taskId, earlier.pages + 1, page.pageSize);
      setEarlier((e) => ({ pages: e.pages + 1, reports: [...e.reports, ...next.data.filter((r) => !e.reports.some((o) => o.id === r.id))] }));
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setLoading(false);
    }
  };

  const review = (r: ProgressReport, sendBack: boolean) =>
    onPrompt({
      title: sendBack ? t('report.sendBack') : t('report.reviewTitle'),
      label: t('report.reviewComment'),
      requiredMessage: t('report.commentRequired'),
      okText: sendBack ? t('report.sendBack') : t('report.review'),
      danger: sendBack,
      maxLength: 2000,
      onSubmit: async (comment) => {
        await reviewReport(r.id, comment, sendBack);
        message.success(sendBack ? t('report.sentBack') : t('report.reviewed'));
        onChanged();
      },
    });

  const block = (label: string, text: string) =>
    text ? (
      <div className="report-block">
        <Typography.Text type="secondary">{label}</Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{text}</Typography.Paragraph>
      </div>
    ) : null;

  // Shown once there is more than the detail's one page (the tab already shows the count).
  const footer =
    page.total > page.pageSize ? (
      <Space wrap>
        <Typography.Text type="secondary" data-testid="report-count">
          {t('report.shown', { shown: shown.length, total: Math.max(page.total, shown.length) })}
        </Typography.Text>
        {shown.length < page.total ? (
          <Button size="small" loading={loading} onClick={() => void loadEarlier()} data-testid="report-load-more">
            {t('report.loadMore')}
          </Button>
        ) : null}
      </Space>
    ) : undefined;

  return (
    <List<ProgressReport>
      dataSource={shown}
      data-testid="report-list"
      footer={footer}
      renderItem={(r) => (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="report-item">
          <Space wrap size={[8, 4]} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{r.period}</Typography.Text>
            <Tag color="blue">{r.percent}%</Tag>
            {r.late ? <Tag color="orange">{t('report.late')}</Tag> : null}
            {r.status === 'returned' ? <Tag color="red">{t('report.returned')}</Tag> : null}
            <Typography.Text type="secondary">
              {r.reportedByName ? `${r.reportedByName} · ` : ''}
              {formatDateTime(r.reportedAt)}
            </Typography.Text>
          </Space>
          {block(t('report.done'), r.done)}
          {block(t('report.difficulties'), r.difficulties)}
          {block(t('report.nextSteps'), r.nextSteps)}
          <Attachments files={r.attachments} />
          {r.reviewComment ? (
            <div className="report-review">
              <Typography.Text type="secondary">{t('report.reviewComment')}:</Typography.Text>
              {r.reviewComment}
              {r.reviewedAt ? <Typography.Text type="secondary"> · {formatDateTime(r.reviewedAt)}</Typography.Text> : null}
            </div>
          ) : null}
          {canReview && r.status !== 'returned' ? (
            <Space style={{ marginTop: 8 }}>
              <Button size="small" onClick={() => review(r, false)}>
                {t('report.review')}
              </Button>
              <Button size="small" danger onClick={() => review(r, true)}>
                {t('report.sendBack')}
              </Button>
            </Space>
          ) : null}
        </Card>
      )}
    />
  );
}
