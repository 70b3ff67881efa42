import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { ATTENDANCE_STATUSES, recordAttendance, type AttendanceRow, type AttendanceStatus } from './meetings.api.ts';

const STATUS_COLORS: Record<AttendanceStatus, string> = { present: 'success', leave: 'warning', absent: 'error' };

/** The whole attendance list edited at once: name, unit, present / on leave / absent, and who came instead. */
function AttendanceModal({ meetingId, rows, open, onClose, onSaved }: { meetingId: string; rows: AttendanceRow[]; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const blank = (): AttendanceRow => ({ name: '', unitName: '', status: 'present', substitute: '' });
  const [list, setList] = useState<AttendanceRow[]>(() => (rows.length ? rows.map((r) => ({ ...r })) : [blank()]));
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const change = (i: number, patch: Partial<AttendanceRow>) => setList((l) => l.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setChecked(true);
    if (list.some((r) => !r.name.trim())) return;
    setBusy(true);
    try {
      await recordAttendance(
        meetingId,
        list.map((r) => ({ name: r.name.trim(), unitName: r.unitName.trim() || undefined, status: r.status, substitute: r.status === 'present' ? undefined : r.substitute.trim() || undefined })),
      );
      message.success(t('meeting.attendance.saved'));
      onSaved();
      onClose();
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('meeting.attendance.record')} onCancel={onClose} onOk={() => void save()} okButtonProps={{ 'data-testid': 'attendance-save' }} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} width={760} destroyOnHidden>
      <div data-testid="attendance-form">
        {list.map((r, i) => (
          <Space key={i} align="start" wrap style={{ marginBottom: 8 }} data-testid="attendance-row">
            <div>
              <Input value={r.name} onChange={(e) => change(i, { name: e.target.value })} status={checked && !r.name.trim() ? 'error' : undefined} placeholder={t('meeting.attendance.name')} maxLength={50} style={{ width: 130 }} data-testid="attendance-name" />
              {checked && !r.name.trim() ? <div className="ant-form-item-explain-error">{t('meeting.attendance.nameRequired')}</div> : null}
            </div>
            <Input value={r.unitName} onChange={(e) => change(i, { unitName: e.target.value })} placeholder={t('meeting.attendance.unit')} maxLength={100} style={{ width: 180 }} />
            <Select<AttendanceStatus> value={r.status} onChange={(v) => change(i, { status: v })} style={{ width: 100 }} options={ATTENDANCE_STATUSES.map((st) => ({ value: st, label: t(`meeting.attendance.${st}`) }))} data-testid="attendance-status" />
            {r.status !== 'present' ? <Input value={r.substitute} onChange={(e) => change(i, { substitute: e.target.value })} placeholder={t('meeting.attendance.substitute')} maxLength={50} style={{ width: 130 }} /> : null}
            <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.delete')} onClick={() => setList((l) => l.filter((_, j) => j !== i))} />
          </Space>
        ))}
        <Button type="dashed" block icon={<PlusOutlined />} onClick={() => setList((l) => [...l, blank()])} data-testid="attendance-add">
          {t('meeting.attendance.add')}
        </Button>
      </div>
    </Modal>
  );
}

/** 考勤: who was asked and whether they came; the organisers record it. */
export function AttendanceCard({ meetingId, rows, editable, onSaved }: { meetingId: string; rows: AttendanceRow[]; editable: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const count = (s: AttendanceStatus) => rows.filter((r) => r.status === s).length;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={`${t('meeting.attendance')}（${t('meeting.attendance.counts', { present: count('present'), leave: count('leave'), absent: count('absent') })}）`}
      extra={
        editable ? (
          <Button size="small" onClick={() => setEditing(true)} data-testid="attendance-edit">
            {t('meeting.attendance.record')}
          </Button>
        ) : null
      }
      data-testid="meeting-attendance"
    >
      <Table<AttendanceRow>
        size="small"
        rowKey={(r) => String(rows.indexOf(r))}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('meeting.attendance.none') }}
        columns={[
          { key: 'name', title: t('meeting.attendance.name'), render: (_: unknown, r) => r.name },
          { key: 'unit', title: t('meeting.attendance.unit'), render: (_: unknown, r) => r.unitName || '—' },
          { key: 'status', title: t('meeting.attendance.status'), width: 90, render: (_: unknown, r) => <Tag color={STATUS_COLORS[r.status]}>{t(`meeting.attendance.${r.status}`)}</Tag> },
          { key: 'sub', title: t('meeting.attendance.substitute'), render: (_: unknown, r) => r.substitute || '—' },
        ]}
      />
      {editing ? <AttendanceModal meetingId={meetingId} rows={rows} open={editing} onClose={() => setEditing(false)} onSaved={onSaved} /> : null}
    </Card>
  );
}
