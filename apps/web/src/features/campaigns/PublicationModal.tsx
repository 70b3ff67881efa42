import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { listProblems, setPublication, type CampaignDetail, type Problem } from './campaigns.api.ts';
import { PROBLEM_STATUS_COLORS } from './ProblemList.tsx';
import { useSelectionLabels } from '../../lib/use-selection-labels.ts';

/**
 * The campaign's public page: on or off, and which problems' rectification results it shows,
 * ticked page by page (only the changes are sent). Saving asks for confirmation, since the page
 * is open to anyone without login. Mounted while open, so it starts from the campaign as it is.
 */
export function PublicationModal({ campaign, open, onClose }: { campaign: CampaignDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const selectionLabels = useSelectionLabels();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [enabled, setEnabled] = useState(campaign.publicEnabled);
  const [changes, setChanges] = useState<Map<string, boolean>>(new Map());
  const [page, setPage] = useState(1);
  const [saving, setSaving] = useState(false);
  const query = useQuery({ queryKey: ['campaign-problems', { campaignId: campaign.id, publication: true }, page], queryFn: ({ signal }) => listProblems({ campaignId: campaign.id, page, pageSize: 10 }, signal), enabled: open, placeholderData: keepPreviousData });
  const chosen = (p: Problem) => changes.get(p.id) ?? p.published;
  const rows = query.data?.data ?? [];
  const toggle = (ps: Problem[], on: boolean) =>
    setChanges((prev) => {
      const next = new Map(prev);
      for (const p of ps) {
        if (on === p.published) next.delete(p.id);
        else next.set(p.id, on);
      }
      return next;
    });
  const save = () =>
    modal.confirm({
      title: enabled ? t('publication.confirmOn') : t('publication.confirmOff'),
      content: enabled ? t('publication.confirmOnHint') : undefined,
      okText: t('common.confirm'),
      onOk: async () => {
        setSaving(true);
        try {
          const entries = [...changes.entries()];
          const { data } = await setPublication(campaign.id, { enabled, publish: entries.filter(([, on]) => on).map(([id]) => id), unpublish: entries.filter(([, on]) => !on).map(([id]) => id) });
          message.success(enabled ? t('publication.savedOn', { n: data.published }) : t('publication.savedOff'));
          await client.invalidateQueries({ queryKey: ['campaigns', campaign.id] });
          await client.invalidateQueries({ queryKey: ['campaign-problems'] });
          onClose();
        } catch (err) {
          message.error(errorMessage(err, t));
        } finally {
          setSaving(false);
        }
      },
    });
  const link = `${window.location.origin}/public/campaigns/${campaign.id}`;
  return (
    <Modal open={open} title={t('publication.title')} width={820} okText={t('common.save')} onOk={save} confirmLoading={saving} onCancel={onClose} okButtonProps={{ 'data-testid': 'publication-save' } as never} data-testid="publication-modal">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space>
          <Switch checked={enabled} onChange={setEnabled} data-testid="publication-enabled" />
          <span>{t('publication.enabled')}</span>
        </Space>
        <Alert type="info" showIcon title={t('publication.hint')} description={<Typography.Text copyable={{ text: link }}>{link}</Typography.Text>} />
        <Table<Problem>
          size="small"
          rowKey="id"
          loading={query.isFetching}
          dataSource={rows}
          data-testid="publication-problems"
          pagination={{ current: page, pageSize: 10, total: query.data?.page.total ?? 0, showSizeChanger: false, onChange: setPage }}
          rowSelection={{
            selectedRowKeys: rows.filter(chosen).map((p) => p.id),
            onSelect: (p, on) => toggle([p], on),
            onSelectAll: (on) => toggle(rows, on),
            ...selectionLabels,
          }}
          columns={[
            { key: 'description', title: t('problem.description'), dataIndex: 'description', ellipsis: true },
            { key: 'unit', title: t('problem.unit'), dataIndex: 'unitName', width: 140 },
            { key: 'status', title: t('common.status'), width: 130, render: (_: unknown, p) => <Tag color={PROBLEM_STATUS_COLORS[p.status]}>{t(`problem.status.${p.status}`)}</Tag> },
          ]}
        />
        <Typography.Text type="secondary">{t('publication.changes', { n: changes.size })}</Typography.Text>
      </Space>
    </Modal>
  );
}
