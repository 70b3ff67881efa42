import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { useProjectTags } from './project-tags.tsx';
import { createProjectTag, createTagGroup, deleteProjectTag, deleteTagGroup, updateProjectTag, updateTagGroup, type ProjectTagGroup } from './projects.api.ts';

type Editing = { kind: 'group'; group?: ProjectTagGroup } | { kind: 'tag'; groupId: string; tag?: ProjectTagGroup['tags'][number] };

/** Adds or renames a group or a tag: its name and its order. */
function NameModal({ editing, onClose, onSaved }: { editing: Editing | null; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; sortOrder?: number }>();
  const current = editing?.kind === 'group' ? editing.group : editing?.tag;
  const { submit, busy } = useFormSubmit<{ name: string; sortOrder?: number }>(form, async (v) => {
    const input = { name: v.name.trim(), ...(v.sortOrder !== undefined && v.sortOrder !== null ? { sortOrder: v.sortOrder } : {}) };
    if (editing?.kind === 'group') await (editing.group ? updateTagGroup(editing.group.id, input) : createTagGroup(input));
    else if (editing?.kind === 'tag') {
      const r = editing.tag ? await updateProjectTag(editing.tag.id, input) : await createProjectTag({ groupId: editing.groupId, ...input });
      if ('renamedOn' in r && r.renamedOn > 0) message.success(t('projectTags.renamedOn', { n: r.renamedOn }));
    }
    await onSaved();
    onClose();
  });
  const title = editing?.kind === 'group' ? (editing.group ? t('projectTags.editGroup') : t('projectTags.newGroup')) : current ? t('projectTags.editTag') : t('projectTags.newTag');
  return (
    <Modal open={editing !== null} title={title} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} okButtonProps={{ 'data-testid': 'project-tag-save' } as Record<string, string>} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={{ name: current?.name ?? '', sortOrder: current?.sortOrder }} data-testid="project-tag-form">
        <Form.Item name="name" label={editing?.kind === 'group' ? t('projectTags.groupName') : t('projectTags.tagName')} rules={[{ required: true, whitespace: true, message: t('projectTags.nameRequired') }, { max: 30 }]} extra={editing?.kind === 'tag' && current ? t('projectTags.renameHint') : undefined}>
          <Input maxLength={30} data-testid="project-tag-name" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('projectTags.order')}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: 120 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 项目标签目录 (supervisors of the city): the tag groups (e.g. "6+2+X") and their tags, with the
 * number of projects carrying each; add, rename (carried to the projects), disable or delete.
 */
export function ProjectTagsView() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const query = useProjectTags();
  const [editing, setEditing] = useState<Editing | null>(null);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['project-tags'] });
    await client.invalidateQueries({ queryKey: ['projects'] });
  };
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
      await refresh();
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };
  const data = query.data;
  const canEdit = data?.canEdit ?? false;

  return (
    <div data-testid="project-tags-page">
      <PageHeader
        title={t('projectTags.title')}
        extra={
          <Space wrap>
            <Link to="/projects">{t('projectTags.backToList')}</Link>
            {canEdit ? (
              <Button type="primary" onClick={() => setEditing({ kind: 'group' })} data-testid="project-tag-group-new">
                {t('projectTags.newGroup')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('projectTags.hint')}</Typography.Paragraph>
      {!canEdit && data ? <Alert type="info" showIcon message={t('projectTags.readOnly')} style={{ marginBottom: 12 }} /> : null}
      {query.isLoading ? <Spin /> : null}
      {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {data && data.groups.length === 0 ? (
        <Card>
          <Empty description={t('projectTags.empty')} data-testid="project-tags-empty">
            {canEdit ? (
              <Button type="primary" onClick={() => setEditing({ kind: 'group' })}>
                {t('projectTags.newGroup')}
              </Button>
            ) : null}
          </Empty>
        </Card>
      ) : null}
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        {data?.groups.map((g) => (
          <Card
            key={g.id}
            size="small"
            title={g.name}
            data-testid="project-tag-group"
            extra={
              canEdit ? (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setEditing({ kind: 'tag', groupId: g.id })} data-testid="project-tag-new">
                    {t('projectTags.newTag')}
                  </Button>
                  <Button size="small" type="link" onClick={() => setEditing({ kind: 'group', group: g })}>
                    {t('projectTags.rename')}
                  </Button>
                  <Popconfirm title={t('projectTags.deleteGroupConfirm', { name: g.name })} onConfirm={() => act(() => deleteTagGroup(g.id), t('projectTags.deleted'))}>
                    <Button size="small" type="link" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null
            }
          >
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={g.tags}
              locale={{ emptyText: t('projectTags.groupEmpty') }}
              onRow={() => ({ 'data-testid': 'project-tag-row' }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { key: 'name', title: t('projectTags.tagName'), render: (_: unknown, x) => (x.enabled ? x.name : <Space size={4}>{x.name}<Tag>{t('projectTags.disabled')}</Tag></Space>) },
                { key: 'order', title: t('projectTags.order'), width: 80, dataIndex: 'sortOrder' },
                { key: 'projects', title: t('projectTags.projects'), width: 100, render: (_: unknown, x) => (x.projects > 0 ? <Link to={`/projects?tag=${encodeURIComponent(x.name)}`}>{x.projects}</Link> : 0) },
                ...(canEdit
                  ? [
                      {
                        key: 'actions',
                        title: '',
                        width: 200,
                        render: (_: unknown, x: ProjectTagGroup['tags'][number]) => (
                          <Space size={0} wrap>
                            <Button size="small" type="link" onClick={() => setEditing({ kind: 'tag', groupId: g.id, tag: x })} data-testid="project-tag-rename">
                              {t('projectTags.rename')}
                            </Button>
                            <Popconfirm title={x.enabled ? t('projectTags.disableConfirm', { name: x.name }) : t('projectTags.enableConfirm', { name: x.name })} onConfirm={() => act(() => updateProjectTag(x.id, { enabled: !x.enabled }), x.enabled ? t('projectTags.disabledDone') : t('projectTags.enabledDone'))}>
                              <Button size="small" type="link">
                                {x.enabled ? t('projectTags.disable') : t('projectTags.enable')}
                              </Button>
                            </Popconfirm>
                            <Popconfirm title={x.projects > 0 ? t('projectTags.inUse', { n: x.projects }) : t('projectTags.deleteConfirm', { name: x.name })} onConfirm={() => act(() => deleteProjectTag(x.id), t('projectTags.deleted'))} okButtonProps={{ disabled: x.projects > 0 }}>
                              <Button size="small" type="link" danger data-testid="project-tag-delete">
                                {t('common.delete')}
                              </Button>
                            </Popconfirm>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        ))}
      </Space>
      <NameModal editing={editing} onClose={() => setEditing(null)} onSaved={refresh} />
    </div>
  );
}
