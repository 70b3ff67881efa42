import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TaskDetail } from '../../api/types.ts';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { decomposeTask, type TaskOne } from './tasks.api.ts';

interface Part {
  title: string;
  ownerUnitId?: string;
  weight?: number;
  deadline?: Dayjs | null;
}

/** 分解任务: rows of title, a unit below the owner, weight and deadline (no later than the task's). */
export function DecomposeModal({ task, onClose, onDone }: { task: TaskDetail | null; onClose: () => void; onDone: (one: TaskOne) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parts: Part[] }>();

  const { submit, busy } = useFormSubmit(form, async ({ parts }: { parts: Part[] }) => {
    if (!task) return;
    const one = await decomposeTask(
      task.id,
      parts.map((p) => ({ title: p.title.trim(), ownerUnitId: p.ownerUnitId!, weight: p.weight ?? 1, deadline: p.deadline ? p.deadline.format('YYYY-MM-DD') : null })),
    );
    message.success(t('decompose.done', { count: parts.length }));
    onDone(one);
  });

  const limit = task?.deadline ? dayjs(task.deadline) : undefined;
  return (
    <Modal
      open={task !== null}
      title={t('decompose.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('action.decompose')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={820}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('decompose.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} data-testid="decompose-form">
        <Form.List name="parts" initialValue={[{ title: task?.title ?? '', weight: 1 }]}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={`${index + 1}`}
                  extra={fields.length > 1 ? <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('decompose.remove')} /> : null}
                >
                  <Row gutter={12}>
                    <Col xs={24} md={24}>
                      <Form.Item name={[field.name, 'title']} label={t('task.title')} rules={[{ required: true, whitespace: true, message: t('taskForm.titleRequired') }, { max: 200 }]}>
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'ownerUnitId']} label={t('decompose.unit')} rules={[{ required: true, message: t('decompose.unitRequired') }]}>
                        <OrgTreeSelect rootId={task?.ownerUnit.id} activeOnly />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[field.name, 'weight']} label={t('task.weight')}>
                        <InputNumber min={0.1} max={1000} step={1} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={7}>
                      <Form.Item name={[field.name, 'deadline']} label={t('task.deadline')}>
                        <DatePicker style={{ width: '100%' }} disabledDate={(d) => (limit ? d.isAfter(limit, 'day') : false)} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ title: '', weight: 1 })}>
                {t('decompose.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
