import { LIMITS, passwordProblem } from '@luoshi/shared';
import { Alert, Button, Divider, Form, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';
import type { User, UserPolicies } from '../../api/types.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { generatePassword } from '../../lib/password.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { GrantsEditor } from './GrantsEditor.tsx';
import { createUser, setUserGrants, updateUser, type GrantInput } from './users.api.ts';

/** What the form is for: a new account, or changes to one (grants only when its policy allows). */
export type UserFormTarget = { mode: 'create' } | { mode: 'edit'; user: User; policies: UserPolicies };

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  orgUnitId?: string;
  password: string;
  grants: GrantInput[];
}

const sameGrants = (a: GrantInput[], b: GrantInput[]) =>
  JSON.stringify(a.map((g) => [g.role, g.scopeKind, [...(g.unitIds ?? [])].sort()])) === JSON.stringify(b.map((g) => [g.role, g.scopeKind, [...(g.unitIds ?? [])].sort()]));

/** Creates an account (with initial password and grants) or edits one. */
export function UserFormModal({ target, onClose, onSaved }: { target: UserFormTarget | null; onClose: () => void; onSaved: (user: User) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();
  const [showPassword, setShowPassword] = useState(false);
  // Several instances can be mounted (list and drawer); each form needs its own field ids.
  const formName = `user${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const allowAll = me.grants.some((g) => g.role === 'admin' && g.scopeKind === 'all');
  const editGrants = target?.mode === 'create' || (target?.mode === 'edit' && target.policies.setGrants);

  useEffect(() => {
    if (!target) return;
    setError(undefined);
    setShowPassword(false);
    form.resetFields();
    if (target.mode === 'edit') {
      const u = target.user;
      form.setFieldsValue({ displayName: u.displayName, phone: u.phone ?? '', orgUnitId: u.orgUnit.id, grants: (u.grants ?? []).map((g) => ({ role: g.role, scopeKind: g.scopeKind, unitIds: g.unitIds })) });
    } else {
      form.setFieldsValue({ grants: [{ role: 'liaison', scopeKind: 'subtree' }] });
    }
  }, [target, form]);

  const { submit, busy: saving } = useFormSubmit(form, async (values: Values) => {
    if (!target) return;
    setError(undefined);
    const grants = (values.grants ?? []).map((g) => ({ role: g.role, scopeKind: g.scopeKind, ...(g.scopeKind === 'units' ? { unitIds: g.unitIds ?? [] } : {}) }));
    let saved: User;
    if (target.mode === 'create') {
      saved = (
        await createUser({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          phone: values.phone?.trim() || null,
          orgUnitId: values.orgUnitId ?? '',
          password: values.password,
          grants,
        })
      ).data;
    } else {
      const id = target.user.id;
      saved = (await updateUser(id, { displayName: values.displayName.trim(), phone: values.phone?.trim() || null, orgUnitId: values.orgUnitId })).data;
      if (target.policies.setGrants && !sameGrants(grants, target.user.grants ?? [])) saved = (await setUserGrants(id, grants)).data;
    }
    onSaved(saved);
  }, setError);

  return (
    <Modal
      open={target !== null}
      title={target?.mode === 'edit' ? t('users.editTitle', { name: target.user.displayName }) : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={720}
      destroyOnHidden
      forceRender
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} name={formName} layout="vertical" onFinish={submit} data-testid="user-form">
        {target?.mode === 'edit' ? (
          <Form.Item label={t('users.username')}>
            <Typography.Text code>{target.user.username}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameHint')}
            rules={[
              { required: true, whitespace: true, message: t('users.usernameRequired') },
              { min: LIMITS.usernameMin, max: LIMITS.usernameMax, message: t('users.usernameHint') },
              { pattern: /^[A-Za-z0-9_.@-]+$/, message: t('users.usernameHint') },
            ]}
          >
            <Input autoComplete="off" maxLength={LIMITS.usernameMax} />
          </Form.Item>
        )}
        <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 16 }}>
          <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]} style={{ flex: '1 1 200px' }}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label={t('users.phone')} style={{ flex: '1 1 200px' }}>
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
        </div>
        <Form.Item name="orgUnitId" label={t('users.unit')} rules={[{ required: true, message: t('users.unitRequired') }]}>
          <OrgTreeSelect activeOnly allowClear={false} />
        </Form.Item>
        {target?.mode === 'create' ? (
          <Form.Item label={t('users.password')} htmlFor={`${formName}_password`} required extra={`${t('password.policy')} ${t('users.passwordHint')}`}>
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
                <Input.Password autoComplete="new-password" maxLength={LIMITS.passwordMax} visibilityToggle={{ visible: showPassword, onVisibleChange: setShowPassword }} />
              </Form.Item>
              <Button
                onClick={() => {
                  form.setFieldsValue({ password: generatePassword() });
                  setShowPassword(true);
                  void form.validateFields(['password']);
                }}
              >
                {t('password.generate')}
              </Button>
            </Space.Compact>
          </Form.Item>
        ) : null}
        {editGrants ? (
          <>
            <Divider titlePlacement="start" plain style={{ marginTop: 8 }}>
              {t('users.grants')}
            </Divider>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t('users.grantsHint')}
            </Typography.Paragraph>
            <GrantsEditor allowAll={allowAll} />
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
