import { DeleteOutlined, DownOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Space, type MenuProps } from 'antd';
import { useState } from 'react';
import type { SavedFilter } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { useAsync } from '../../lib/use-async.ts';
import { deleteSavedFilter, listSavedFilters, saveFilter, type TaskFilter } from './tasks.api.ts';

/** 常用筛选: the user's saved filters of the task list — apply one, save the current one, delete. */
export function SavedFilters({ current, onApply }: { current: TaskFilter; onApply: (filter: TaskFilter) => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { data, reload } = useAsync((signal) => listSavedFilters(signal), []);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const remove = (f: SavedFilter<TaskFilter>) =>
    modal.confirm({
      title: t('tasks.deleteFilterConfirm', { name: f.name }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await deleteSavedFilter(f.id);
          message.success(t('tasks.filterDeleted', { name: f.name }));
          reload();
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  const saved = data ?? [];
  const items: MenuProps['items'] = [
    ...(saved.length
      ? saved.map((f) => ({
          key: f.id,
          label: (
            <Space style={{ width: '100%', justifyContent: 'space-between', minWidth: 200 }}>
              <span>{f.name}</span>
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                onClick={(e) => {
                  e.stopPropagation();
                  remove(f);
                }}
              />
            </Space>
          ),
          onClick: () => {
            onApply(f.filter);
            message.success(t('tasks.filterApplied', { name: f.name }));
          },
        }))
      : [{ key: 'none', disabled: true, label: t('tasks.noSavedFilters') }]),
    { type: 'divider' as const },
    { key: 'save', icon: <SaveOutlined />, label: t('tasks.saveFilter'), onClick: () => setSaving(true) },
  ];

  const { submit, busy } = useFormSubmit(form, async ({ name }: { name: string }) => {
    // Page and page size are not part of a saved filter.
    await saveFilter(name.trim(), JSON.parse(JSON.stringify(current)) as TaskFilter);
    message.success(t('tasks.filterSaved', { name: name.trim() }));
    setSaving(false);
    form.resetFields();
    reload();
  });

  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button icon={<StarOutlined />} data-testid="saved-filters">
          {t('tasks.savedFilters')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal open={saving} title={t('tasks.saveFilterTitle')} onCancel={() => setSaving(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="name" label={t('tasks.saveFilterName')} rules={[{ required: true, whitespace: true, message: t('tasks.saveFilterNameRequired') }, { max: 50 }]}>
            <Input placeholder={t('tasks.saveFilterNamePlaceholder')} maxLength={50} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
