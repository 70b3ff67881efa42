import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined, PoweroffOutlined, StopOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Descriptions, Result, Skeleton, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import type { OrgUnit } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { UnitRobotCard } from '../notifications/UnitRobotCard.tsx';
import { MoveUnitModal } from './MoveUnitModal.tsx';
import { OrgChildrenTable } from './OrgChildrenTable.tsx';
import { OrgUnitFormModal, type OrgUnitFormTarget } from './OrgUnitFormModal.tsx';
import { deleteOrgUnit, getOrgUnit, setOrgUnitActive } from './org.api.ts';

interface Props {
  id: string;
  /** Ancestors the tree can open to show this unit. */
  onLoaded: (unit: OrgUnit) => void;
  /** Tree levels (parent ids; null = roots) whose children changed, and optionally a unit to open. */
  onTreeChanged: (parentIds: (string | null)[], open?: string) => void;
  /** Whether an ancestor is on screen in the tree, so the breadcrumb can link to it. */
  isVisible: (id: string) => boolean;
}

/**
 * One unit: where it sits, its details, the actions its policies allow (each destructive one
 * confirmed by name), and its children. Units outside the caller's scope show "不存在或无权访问".
 */
export function OrgUnitPanel({ id, onLoaded, onTreeChanged, isVisible }: Props) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const [version, setVersion] = useState(0);
  const { data, error, loading, reload } = useAsync((signal) => getOrgUnit(id, signal), [id, version]);
  const [form, setForm] = useState<OrgUnitFormTarget | null>(null);
  const [moving, setMoving] = useState<OrgUnit | null>(null);
  const [childrenVersion, setChildrenVersion] = useState(0);
  const isAdmin = useMe().roles.includes('admin');

  const unit = data?.data.id === id ? data.data : undefined;
  useEffect(() => {
    if (unit) onLoaded(unit);
    // Only a newly loaded unit needs revealing.
  }, [unit]);

  if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.status === 400)) {
    return (
      <Card>
        <Result status="404" title={t('error.notFoundTitle')} subTitle={t('error.notFoundText')} data-testid="org-not-found" extra={<Link to="/org"><Button type="primary">{t('common.back')}</Button></Link>} />
      </Card>
    );
  }
  if (error) return <Card><ErrorState error={error} onRetry={reload} /></Card>;
  if (!unit || !data) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;

  const { policies } = data;
  const refresh = () => setVersion((v) => v + 1);

  const toggleActive = () =>
    modal.confirm({
      title: unit.active ? t('org.deactivateConfirm', { name: unit.name }) : t('org.activateConfirm', { name: unit.name }),
      okText: unit.active ? t('org.deactivate') : t('org.activate'),
      okButtonProps: unit.active ? { danger: true } : {},
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await setOrgUnitActive(unit.id, !unit.active);
          message.success(unit.active ? t('org.deactivated', { name: unit.name }) : t('org.activated', { name: unit.name }));
          refresh();
          onTreeChanged([unit.parentId]);
        } catch (err) {
          message.error(errorMessage(err, t));
        }
      },
    });

  const remove = () =>
    modal.confirm({
      title: t('org.deleteConfirm', { name: unit.name }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await deleteOrgUnit(unit.id);
          message.success(t('org.deleted', { name: unit.name }));
          onTreeChanged([unit.parentId]);
          navigate(unit.parentId ? `/org/${unit.parentId}` : '/org', { replace: true });
        } catch (err) {
          if (err instanceof ApiError && err.code === 'CONFLICT') {
            modal.warning({ title: t('org.deleteConflict', { name: unit.name }), content: err.message, okText: t('common.confirm') });
          } else {
            message.error(errorMessage(err, t));
          }
        }
      },
    });

  const path = unit.path ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        data-testid="org-unit-details"
        title={
          <Space wrap size={8}>
            <span>{unit.name}</span>
            {unit.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
          </Space>
        }
        loading={loading && !unit}
      >
        {policies.update || policies.move || policies.deactivate || policies.remove ? (
          <Space wrap style={{ marginBottom: 16 }}>
            {policies.update ? (
              <Button icon={<EditOutlined />} onClick={() => setForm({ mode: 'edit', unit })}>
                {t('common.edit')}
              </Button>
            ) : null}
            {policies.move ? (
              <Button icon={<DragOutlined />} onClick={() => setMoving(unit)}>
                {t('org.move')}
              </Button>
            ) : null}
            {policies.deactivate ? (
              <Button icon={<StopOutlined />} onClick={toggleActive}>
                {t('org.deactivate')}
              </Button>
            ) : null}
            {policies.update && !unit.active ? (
              <Button icon={<PoweroffOutlined />} onClick={toggleActive}>
                {t('org.activate')}
              </Button>
            ) : null}
            {policies.remove ? (
              <Button danger icon={<DeleteOutlined />} onClick={remove}>
                {t('common.delete')}
              </Button>
            ) : null}
          </Space>
        ) : null}
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'path',
              label: t('org.path'),
              span: 'filled',
              children: path.length ? (
                <Breadcrumb items={[...path.map((p) => ({ key: p.id, title: isVisible(p.id) ? <Link to={`/org/${p.id}`}>{p.name}</Link> : p.name })), { key: unit.id, title: unit.name }]} />
              ) : (
                t('org.topLevel')
              ),
            },
            { key: 'code', label: t('org.code'), children: unit.code },
            { key: 'kind', label: t('org.kind'), children: t(`orgKind.${unit.kind}`) },
            { key: 'short', label: t('org.shortName'), children: unit.shortName || '—' },
            { key: 'sort', label: t('org.sortOrder'), children: unit.sortOrder },
            { key: 'updated', label: t('org.updatedAt'), children: formatDateTime(unit.updatedAt) },
          ]}
        />
      </Card>

      <Card
        title={t('org.children')}
        extra={
          policies.createChild && unit.active ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create', parent: unit })} data-testid="org-create-child">
              {t('org.createChild')}
            </Button>
          ) : null
        }
      >
        <OrgChildrenTable parentId={unit.id} version={childrenVersion} />
      </Card>

      {isAdmin && policies.update ? <UnitRobotCard unitId={unit.id} unitName={unit.name} /> : null}

      <OrgUnitFormModal
        target={form}
        onClose={() => setForm(null)}
        onSaved={(saved) => {
          const created = form?.mode === 'create';
          setForm(null);
          message.success(created ? t('org.created', { name: saved.name }) : t('org.updated', { name: saved.name }));
          if (created) {
            setChildrenVersion((v) => v + 1);
            onTreeChanged([unit.parentId, unit.id], unit.id);
          } else {
            refresh();
            onTreeChanged([unit.parentId]);
          }
        }}
      />
      <MoveUnitModal
        unit={moving}
        onClose={() => setMoving(null)}
        onMoved={(moved, oldParentId) => {
          setMoving(null);
          message.success(t('org.moved', { name: moved.name }));
          refresh();
          onTreeChanged([oldParentId, moved.parentId]);
        }}
      />
    </Space>
  );
}
