import { LIMITS, ORG_KINDS, type OrgKind } from '@luoshi/shared';
import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { OrgUnit } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { createOrgUnit, updateOrgUnit } from './org.api.ts';

/** What the form is for: a new child under a parent, or changes to an existing unit. */
export type OrgUnitFormTarget = { mode: 'create'; parent: { id: string; name: string; kind: OrgKind } } | { mode: 'edit'; unit: OrgUnit };

interface Values {
  name: string;
  shortName?: string;
  code: string;
  kind: OrgKind;
  sortOrder?: number | null;
}

/** The usual kind of a new child: departments under a city, streets under a district. */
function childKind(parent: OrgKind): OrgKind {
  if (parent === 'province') return 'city';
  if (parent === 'district') return 'street';
  return 'department';
}

/** Creates a child unit or edits a unit; server field errors land on their fields. */
export function OrgUnitFormModal({ target, onClose, onSaved }: { target: OrgUnitFormTarget | null; onClose: () => void; onSaved: (unit: OrgUnit) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!target) return;
    setError(undefined);
    form.resetFields();
    if (target.mode === 'edit') {
      const u = target.unit;
      form.setFieldsValue({ name: u.name, shortName: u.shortName ?? '', code: u.code, kind: u.kind, sortOrder: u.sortOrder });
    } else {
      form.setFieldsValue({ kind: childKind(target.parent.kind), sortOrder: 0 });
    }
  }, [target, form]);

  const { submit, busy: saving } = useFormSubmit(form, async (values: Values) => {
    if (!target) return;
    setError(undefined);
    const fields = { name: values.name.trim(), shortName: values.shortName?.trim() || null, code: values.code.trim(), kind: values.kind, sortOrder: values.sortOrder ?? 0 };
    const saved = target.mode === 'create' ? await createOrgUnit({ parentId: target.parent.id, ...fields }) : await updateOrgUnit(target.unit.id, fields);
    onSaved(saved.data);
  }, setError);

  return (
    <Modal
      open={target !== null}
      title={target?.mode === 'create' ? t('org.createTitle', { parent: target.parent.name }) : target ? t('org.editTitle', { name: target.unit.name }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark="optional" data-testid="org-unit-form">
        <Form.Item name="name" label={t('org.name')} rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }, { max: LIMITS.nameMax }]}>
          <Input maxLength={LIMITS.nameMax} autoFocus />
        </Form.Item>
        <Form.Item name="shortName" label={t('org.shortName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('org.code')}
          extra={t('org.codeHint')}
          rules={[
            { required: true, whitespace: true, message: t('org.codeRequired') },
            { pattern: /^[A-Za-z0-9_.-]+$/, message: t('org.codeHint') },
          ]}
        >
          <Input maxLength={LIMITS.codeMax} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('org.kindRequired') }]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('org.sortOrder')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
