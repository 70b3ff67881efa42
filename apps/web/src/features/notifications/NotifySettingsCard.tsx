import { App, Button, Card, Checkbox, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage, showFieldErrors } from '../../lib/errors.ts';
import { useAsync } from '../../lib/use-async.ts';
import { getNotifySettings, saveNotifySettings, type ChoosableChannel } from './channels.api.ts';

interface Values {
  email: string;
  channels: ChoosableChannel[];
}

/** 消息接收方式: my e-mail and whether I also get messages by e-mail and through my unit's group robot. */
export function NotifySettingsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useAsync((signal) => getNotifySettings(signal), []);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (data) form.setFieldsValue({ email: data.email ?? '', channels: data.channels });
  }, [data, form]);

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const saved = await saveNotifySettings({ email: values.email.trim() || null, channels: values.channels });
      form.setFieldsValue({ email: saved.email ?? '', channels: saved.channels });
      message.success(t('channels.saved'));
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('channels.title')} loading={loading && !data} data-testid="notify-settings">
      <Typography.Paragraph type="secondary">{t('channels.hint')}</Typography.Paragraph>
      {error ? (
        <ErrorState compact error={error} onRetry={reload} />
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ email: '', channels: [] }} style={{ maxWidth: 520 }}>
          <Form.Item name="email" label={t('channels.emailAddress')} rules={[{ type: 'email', message: t('channels.emailInvalid') }]}>
            <Input type="email" autoComplete="email" placeholder={t('channels.emailPlaceholder')} maxLength={254} />
          </Form.Item>
          <Form.Item
            name="channels"
            dependencies={['email']}
            rules={[{ validator: async (_rule, value: ChoosableChannel[] | undefined) => (value?.includes('email') && !form.getFieldValue('email')?.trim() ? Promise.reject(new Error(t('channels.emailNeeded'))) : undefined) }]}
          >
            <Checkbox.Group style={{ width: '100%' }}>
              <Space orientation="vertical">
                <Checkbox checked disabled>
                  {t('channels.inApp')}
                </Checkbox>
                <Checkbox value="email" disabled={data ? !data.available.email && !data.channels.includes('email') : false}>
                  {t('channels.email')}
                  {data && !data.available.email ? <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{t('channels.emailUnavailable')}</Typography.Text> : null}
                </Checkbox>
                <Checkbox value="webhook" disabled={data ? !data.available.webhook && !data.channels.includes('webhook') : false}>
                  {t('channels.webhook')}
                  {data && !data.available.webhook ? <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{t('channels.webhookUnavailable')}</Typography.Text> : null}
                </Checkbox>
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="notify-settings-save">
            {t('channels.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
