import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES, SCOPE_KINDS, type ScopeKind } from '@luoshi/shared';
import { Button, Form, Select, Typography } from 'antd';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/**
 * Edits a user's grants inside a form as rows of role + data scope (+ units for 指定单位).
 * The form field is `grants`; server errors like `grants.1.unitIds` land on the matching row.
 */
export function GrantsEditor({ allowAll }: { allowAll: boolean }) {
  const { t } = useI18n();
  return (
    <Form.List name="grants">
      {(fields, { add, remove }) => (
        <div data-testid="grants-editor">
          {fields.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('users.grantsNone')}
            </Typography.Paragraph>
          ) : null}
          {fields.map((field) => (
            <div key={field.key} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start', padding: '8px 8px 0', marginBottom: 8, background: '#f7f8fa', borderRadius: 6 }}>
              <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('users.grantRoleRequired') }]} style={{ flex: '1 1 140px', marginBottom: 8 }}>
                <Select placeholder={t('users.grantRole')} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'scopeKind']} rules={[{ required: true, message: t('users.grantScopeRequired') }]} style={{ flex: '1 1 170px', marginBottom: 8 }}>
                <Select
                  placeholder={t('users.grantScope')}
                  options={SCOPE_KINDS.map((k) => ({ value: k, label: t(`scope.${k}`), disabled: k === 'all' && !allowAll }))}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.grants?.[field.name]?.scopeKind !== b.grants?.[field.name]?.scopeKind}>
                {({ getFieldValue }) =>
                  (getFieldValue(['grants', field.name, 'scopeKind']) as ScopeKind | undefined) === 'units' ? (
                    <Form.Item name={[field.name, 'unitIds']} rules={[{ required: true, type: 'array', min: 1, message: t('users.grantUnitsRequired') }]} style={{ flex: '2 1 220px', marginBottom: 8 }}>
                      <OrgTreeSelect multiple placeholder={t('users.grantUnits')} />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('users.grantRemove')} title={t('users.grantRemove')} onClick={() => remove(field.name)} />
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ scopeKind: 'own' })} block>
            {t('users.grantAdd')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
