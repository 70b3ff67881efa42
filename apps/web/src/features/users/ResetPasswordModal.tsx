import { LIMITS, passwordProblem } from '@luoshi/shared';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { User } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { generatePassword } from '../../lib/password.ts';
import { resetUserPassword } from './users.api.ts';

/** Sets a new temporary password for someone else; they must change it at their next sign-in. */
export function ResetPasswordModal({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string>();
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (user) {
      form.resetFields();
      setError(undefined);
      setVisible(false);
    }
  }, [user, form]);

  const { submit, busy: saving } = useFormSubmit(form, async ({ password }: { password: string }) => {
    if (!user) return;
    setError(undefined);
    await resetUserPassword(user.id, password);
    onDone();
  }, setError);

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetTitle', { name: user.displayName }) : ''}
      okText={t('users.resetPassword')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('users.resetHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} name="reset-password" layout="vertical" onFinish={submit} data-testid="reset-password-form">
        <Form.Item label={t('password.new')} htmlFor="reset-password_password" required extra={t('password.policy')}>
          <Space.Compact block>
            <Form.Item
              name="password"
              noStyle
              rules={[
                { required: true, message: t('login.passwordRequired') },
                {
                  validator: async (_, value: string | undefined) => {
                    const problem = value ? passwordProblem(value) : null;
                    if (problem) throw new Error(problem);
                  },
                },
              ]}
            >
              <Input.Password autoComplete="new-password" maxLength={LIMITS.passwordMax} visibilityToggle={{ visible, onVisibleChange: setVisible }} />
            </Form.Item>
            <Button
              onClick={() => {
                form.setFieldsValue({ password: generatePassword() });
                setVisible(true);
                void form.validateFields(['password']);
              }}
            >
              {t('password.generate')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
