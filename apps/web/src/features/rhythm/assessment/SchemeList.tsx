import { useQuery } from '@tanstack/react-query';
import { Button, Table } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorState } from '../../../components/ErrorState.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { AssessmentTrail } from './AssessmentList.tsx';
import { listSchemes, type SchemeRow } from './assessment.api.ts';

/** 考核办法: the schemes of the units in the caller's scope, newest year first; a supervisor writes a new one or copies one into the next year. */
export function SchemeList() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ['assessment', 'schemes'], queryFn: ({ signal }) => listSchemes(signal) });
  const supervisor = me.roles.includes('supervisor');
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <PageHeader
        title={
          <AssessmentTrail>
            <span>{t('scheme.title')}</span>
          </AssessmentTrail>
        }
        extra={
          supervisor ? (
            <Button type="primary" onClick={() => navigate('/rhythm/assessment-schemes/new')} data-testid="scheme-new">
              {t('scheme.new')}
            </Button>
          ) : null
        }
      />
      <Table<SchemeRow>
        rowKey="id"
        size="small"
        loading={query.isLoading}
        dataSource={query.data ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        data-testid="scheme-list"
        locale={{ emptyText: t('scheme.empty') }}
        columns={[
          { key: 'year', title: t('scheme.year'), width: 80, render: (_, s) => s.year },
          { key: 'name', title: t('scheme.name'), render: (_, s) => <Link to={`/rhythm/assessment-schemes/${s.id}`} data-testid="scheme-link">{s.name}</Link> },
          { key: 'owner', title: t('scheme.owner'), width: 160, render: (_, s) => s.ownerUnit.name },
          { key: 'updated', title: t('scheme.updatedAt'), width: 160, render: (_, s) => formatDateTime(s.updatedAt) || '—' },
          {
            key: 'actions',
            title: '',
            width: 120,
            render: (_, s) =>
              supervisor ? (
                <Link to={`/rhythm/assessment-schemes/new?copy=${s.id}`} data-testid="scheme-copy">
                  {t('scheme.copy', { year: s.year + 1 })}
                </Link>
              ) : null,
          },
        ]}
      />
    </>
  );
}
