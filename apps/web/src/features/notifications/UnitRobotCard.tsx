import { App, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage, showFieldErrors } from '../../lib/errors.ts';
import { useAsync } from '../../lib/use-async.ts';
import { getUnitRobot, removeUnitRobot, saveUnitRobot, type UnitRobot } from './channels.api.ts';

interface Values {
  kind: UnitRobot['kind'];
  url: string;
  secret: string;
}

/**
 * 工作群机器人 of a unit (administrators): the DingTalk or WeCom robot that carries messages to the
 * unit's people who chose it. The stored address shows with its key masked; a new one replaces it.
 */
export function UnitRobotCard({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [version, setVersion] = useState(0);
  const { data: robot, error, loading, reload } = useAsync((signal) => getUnitRobot(unitId, signal), [unitId, version]);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [saving, setSaving] = useState(false);
  // A new address is usually for the same kind of robot.
  useEffect(() => {
    if (robot) form.setFieldsValue({ kind: robot.kind });
  }, [robot, form]);

  const save = async (values: Values) => {
    setSaving(true);
    try {
      await saveUnitRobot(unitId, { kind: values.kind, url: values.url.trim(), ...(values.kind === 'dingtalk' && values.secret ? { secret: values.secret } : values.kind === 'wecom' ? { secret: null } : {}) });
      message.success(t('robot.saved'));
      form.resetFields();
      setVersion((v) => v + 1);
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err, t));
    } finally {
      setSaving(false);
    }
  };
  const remove = () =>
    modal.confirm({
      title: t('robot.removeConfirm', { name: unitName }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await removeUnitRobot(unitId);
          message.success(t('robot.removed'));
          setVersion((v) => v + 1);
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  return (
    <Card title={t('robot.title')} loading={loading && robot === undefined} data-testid="unit-robot">
      <Typography.Paragraph type="secondary">{t('robot.hint')}</Typography.Paragraph>
      {error ? (
        <ErrorState compact error={error} onRetry={reload} />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <span data-testid="unit-robot-current">{robot ? t('robot.current', { kind: t(`robot.${robot.kind}`), url: robot.url }) : t('robot.none')}</span>
            {robot ? (
              <Button size="small" danger onClick={remove}>
                {t('common.delete')}
              </Button>
            ) : null}
          </Space>
          <Form<Values> form={form} layout="vertical" onFinish={save} initialValues={{ kind: 'dingtalk', url: '', secret: '' }} style={{ maxWidth: 640 }}>
            <Form.Item name="kind" label={t('robot.kind')}>
              <Radio.Group
                options={[
                  { value: 'dingtalk', label: t('robot.dingtalk') },
                  { value: 'wecom', label: t('robot.wecom') },
                ]}
              />
            </Form.Item>
            <Form.Item name="url" label={t('robot.url')} rules={[{ required: true, whitespace: true, message: t('robot.urlRequired') }]}>
              <Input placeholder={kind === 'wecom' ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' : 'https://oapi.dingtalk.com/robot/send?access_token=…'} maxLength={1000} />
            </Form.Item>
            {kind !== 'wecom' ? (
              <Form.Item name="secret" label={t('robot.secret')} extra={robot?.hasSecret ? t('robot.secretKeep') : t('robot.secretHint')}>
                <Input.Password autoComplete="new-password" maxLength={200} />
              </Form.Item>
            ) : null}
            <Button type="primary" htmlType="submit" loading={saving} data-testid="unit-robot-save">
              {t('robot.save')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
