import { Alert, Form, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { OrgUnit } from '../../api/types.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { moveOrgUnit } from './org.api.ts';

/** Moves a unit (with everything below it) under a new parent picked from the tree. */
export function MoveUnitModal({ unit, onClose, onMoved }: { unit: OrgUnit | null; onClose: () => void; onMoved: (unit: OrgUnit, oldParentId: string | null) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ parentId?: string }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (unit) {
      form.resetFields();
      setError(undefined);
    }
  }, [unit, form]);

  const { submit, busy: saving } = useFormSubmit(form, async ({ parentId }: { parentId?: string }) => {
    if (!unit || !parentId) return;
    setError(undefined);
    const moved = await moveOrgUnit(unit.id, parentId);
    onMoved(moved.data, unit.parentId);
  }, setError);

  return (
    <Modal
      open={unit !== null}
      title={unit ? t('org.moveTitle', { name: unit.name }) : ''}
      okText={t('org.move')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('org.moveHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="parentId" label={t('org.newParent')} rules={[{ required: true, message: t('org.newParentRequired') }]}>
          <OrgTreeSelect excludeIds={unit ? [unit.id] : []} activeOnly allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
