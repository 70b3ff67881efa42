import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ApiToken } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage, showFieldErrors } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { createToken, listTokens, revokeToken, type NewToken } from './tokens.api.ts';

const EXPIRY_DAYS = [30, 90, 180, 365];

/** The user's personal API tokens: list, create (the secret shown once, with copy), revoke (confirmed). */
export function TokensCard() {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const { data, error, loading, reload } = useAsync(() => listTokens(), []);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [secret, setSecret] = useState<string>();
  const [form] = Form.useForm<{ name: string; access: NewToken['access']; expiresInDays: number }>();

  const create = async (values: { name: string; access: NewToken['access']; expiresInDays: number }) => {
    setSaving(true);
    try {
      const created = await createToken({ name: values.name.trim(), access: values.access, ...(values.expiresInDays ? { expiresInDays: values.expiresInDays } : {}) });
      setCreating(false);
      form.resetFields();
      setSecret(created.token);
      reload();
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  const revoke = (token: ApiToken) =>
    modal.confirm({
      title: t('tokens.revokeConfirm', { name: token.name }),
      okText: t('tokens.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await revokeToken(token.id);
          message.success(t('tokens.revokedDone', { name: token.name }));
          reload();
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  const status = (token: ApiToken) => {
    if (token.revokedAt) return <Tag>{t('tokens.revoked')}</Tag>;
    if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return <Tag color="orange">{t('tokens.expired')}</Tag>;
    return <Tag color="green">{t('tokens.valid')}</Tag>;
  };

  return (
    <Card
      title={t('tokens.title')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('tokens.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('tokens.hint')}</Typography.Paragraph>
      {error ? (
        <ErrorState compact error={error} onRetry={reload} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tokens.empty')} /> }}
          columns={[
            { title: t('tokens.name'), dataIndex: 'name' },
            { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('tokens.access'), dataIndex: 'access', render: (v: ApiToken['access']) => (v === 'write' ? <Tag color="volcano">{t('tokens.write')}</Tag> : <Tag>{t('tokens.read')}</Tag>) },
            { title: t('common.status'), key: 'status', render: (_: unknown, tk) => status(tk) },
            { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatDate(v) : t('tokens.never')) },
            { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, tk) =>
                tk.revokedAt ? null : (
                  <Button type="link" danger size="small" onClick={() => revoke(tk)}>
                    {t('tokens.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      )}

      <Modal
        open={creating}
        title={t('tokens.create')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ access: 'read', expiresInDays: 90 }}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}>
            <Input maxLength={50} placeholder={t('tokens.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="access" label={t('tokens.access')}>
            <Radio.Group
              options={[
                { value: 'read', label: t('tokens.read') },
                { value: 'write', label: t('tokens.write') },
              ]}
            />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.expires')}>
            <Select options={[...EXPIRY_DAYS.map((d) => ({ value: d, label: t('tokens.expiresDays', { days: d }) })), { value: 0, label: t('tokens.never') }]} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={secret !== undefined}
        title={t('tokens.createdTitle')}
        closable={false}
        mask={{ closable: false }}
        footer={[
          <Button key="close" type="primary" onClick={() => setSecret(undefined)}>
            {t('common.close')}
          </Button>,
        ]}
      >
        <Alert type="warning" showIcon title={t('tokens.createdWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph className="token-secret" copyable={{ text: secret, icon: [<CopyOutlined key="c" />, <CopyOutlined key="d" />], tooltips: [t('common.copy'), t('common.copied')] }} data-testid="token-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
