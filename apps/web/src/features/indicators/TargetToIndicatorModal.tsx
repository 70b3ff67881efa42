import { useQuery } from '@tanstack/react-query';
import { App, Form, InputNumber, Modal, Select, Typography } from 'antd';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { listIndicators, targetFromDirective } from './indicators.api.ts';

interface Values {
  indicatorId: string;
  orgUnitId: string;
  year: number;
}

/** A target the parser found in a directive becomes an indicator's target for a unit and year, in one step. */
export function TargetToIndicatorModal({ target, onClose }: { target: { id: string; label: string }; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const indicators = useQuery({ queryKey: ['indicators', 'list'], queryFn: ({ signal }) => listIndicators(signal) });
  const { submit, busy } = useFormSubmit(form, async (v: Values) => {
    await targetFromDirective({ directiveTargetId: target.id, ...v });
    message.success(t('ind.toIndicatorDone'));
    onClose();
  });
  return (
    <Modal open title={t('ind.toIndicatorTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('ind.toIndicatorHint', { value: target.label })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ year: tenantToday().year() }}>
        <Form.Item name="indicatorId" label={t('ind.indicator')} rules={[{ required: true, message: t('ind.pickIndicator') }]}>
          <Select showSearch optionFilterProp="label" loading={indicators.isLoading} options={(indicators.data?.data ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.name}${i.measure ? `（${i.measure}）` : ''}` }))} data-testid="to-indicator-select" />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('ind.reportingUnit')} rules={[{ required: true, message: t('ind.pickUnit') }]}>
          <OrgTreeSelect data-testid="to-indicator-unit" />
        </Form.Item>
        <Form.Item name="year" label={t('ind.year')} rules={[{ required: true, message: t('ind.year') }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
