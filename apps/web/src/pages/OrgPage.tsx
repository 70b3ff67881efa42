import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Row, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { OrgUnit } from '../api/types.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { useMe } from '../features/auth/AuthProvider.tsx';
import { ImportOrgModal } from '../features/org/ImportOrgModal.tsx';
import { OrgTree } from '../features/org/OrgTree.tsx';
import { OrgUnitPanel } from '../features/org/OrgUnitPanel.tsx';
import { UnitsWithoutLiaison } from '../features/org/UnitsWithoutLiaison.tsx';
import { exportOrgUnits } from '../features/org/org.api.ts';
import { useOrgTree } from '../features/org/use-org-tree.ts';
import { ResponsibilityList } from '../features/tasks/ResponsibilityList.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../lib/errors.ts';

/** 组织机构: the lazily loaded tree on the left, the selected unit (/org/:id) on the right; import and export. */
export default function OrgPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const tree = useOrgTree();
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [rootCode, setRootCode] = useState('');
  const [imports, setImports] = useState(0);
  const roots = tree.childrenOf[''];

  // /org without a unit opens the first unit of the caller's scope.
  useEffect(() => {
    if (!id && roots?.[0]) navigate(`/org/${roots[0].id}`, { replace: true });
  }, [id, roots, navigate]);

  useEffect(() => {
    if (roots?.[0]) setRootCode(roots[0].code);
  }, [roots]);

  const { reveal, reload } = tree;
  const [loaded, setLoaded] = useState<{ id: string; name: string }>();
  const onLoaded = useCallback(
    (unit: OrgUnit) => {
      setLoaded({ id: unit.id, name: unit.name });
      void reveal((unit.path ?? []).map((p) => p.id));
    },
    [reveal],
  );
  const onTreeChanged = useCallback(
    (parentIds: (string | null)[], open?: string) => {
      void Promise.all(parentIds.map((p) => reload(p))).then(() => (open ? reveal([open]) : undefined));
    },
    [reload, reveal],
  );

  const exportAll = async () => {
    setExporting(true);
    try {
      await exportOrgUnits();
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

  const isAdmin = me.roles.includes('admin');
  return (
    <>
      <PageHeader
        title={t('menu.org')}
        extra={
          <Space wrap>
            {isAdmin ? (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('org.import')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportAll}>
              {t('org.export')}
            </Button>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8} xl={7}>
          <Card title={t('org.tree')} size="small" className="org-tree-card">
            <OrgTree tree={tree} selectedId={id} onSelect={(unitId) => navigate(`/org/${unitId}`)} />
          </Card>
          {isAdmin ? (
            <div style={{ marginTop: 16 }}>
              <UnitsWithoutLiaison key={imports} />
            </div>
          ) : null}
        </Col>
        <Col xs={24} lg={16} xl={17}>
          {id ? (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <OrgUnitPanel key={imports} id={id} onLoaded={onLoaded} onTreeChanged={onTreeChanged} isVisible={(unitId) => tree.unit(unitId) !== undefined} />
              {loaded?.id === id ? <ResponsibilityList unitId={id} unitName={loaded.name} /> : null}
            </Space>
          ) : (
            <Card>
              <Empty description={roots && roots.length === 0 ? t('org.noUnits') : t('org.selectHint')} />
            </Card>
          )}
        </Col>
      </Row>
      <ImportOrgModal
        open={importing}
        templateParentCode={rootCode || 'CODE'}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImports((n) => n + 1);
          void reload(null);
        }}
      />
    </>
  );
}
