import { LIMITS, passwordProblem } from '@luoshi/shared';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage, showFieldErrors } from '../../lib/errors.ts';
import { changePassword } from './auth.api.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Changes the signed-in user's own password, with the policy shown and checked before sending. */
export function ChangePasswordForm({ onDone }: { onDone: () => void | Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (values: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      message.success(t('password.changed'));
      form.resetFields();
      await onDone();
    } catch (err) {
      // A wrong current password comes back as a VALIDATION error on currentPassword (or a plain message).
      if (!showFieldErrors(form, err)) setError(err instanceof ApiError && err.code === 'VALIDATION' ? err.message : errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.policy')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('login.passwordRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (!value) return;
              const problem = passwordProblem(value);
              if (problem) throw new Error(problem);
              if (value === form.getFieldValue('currentPassword')) throw new Error(t('password.sameAsOld'));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={LIMITS.passwordMax} />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('login.passwordRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && value !== form.getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('password.change')}
      </Button>
    </Form>
  );
}
