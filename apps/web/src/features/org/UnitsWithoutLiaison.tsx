import { Alert, Card, Empty, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { unitsWithoutLiaison } from './org.api.ts';

const PAGE_SIZE = 8;

/**
 * 缺少联络员的单位, for the administrator: the active units in scope with no active liaison,
 * searchable and paged, each a link to the unit where an account can be added.
 */
export function UnitsWithoutLiaison() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useAsync((signal) => unitsWithoutLiaison({ page, pageSize: PAGE_SIZE, q: q || undefined }, signal), [page, q]);
  const total = data?.page.total ?? 0;
  return (
    <Card
      size="small"
      data-testid="units-without-liaison"
      title={
        <span>
          {t('units.withoutLiaison')} {data && !q ? <Tag color={total > 0 ? 'warning' : 'success'}>{total}</Tag> : null}
        </span>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('units.withoutLiaisonHint')}
      </Typography.Paragraph>
      <Input.Search
        allowClear
        size="small"
        placeholder={t('units.searchPlaceholder')}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
        style={{ marginBottom: 8 }}
      />
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : !loading && total === 0 && !q ? (
        <Alert type="success" showIcon title={t('units.withoutLiaisonNone')} />
      ) : (
        <List
          size="small"
          loading={loading}
          dataSource={data?.data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          pagination={total > PAGE_SIZE ? { size: 'small', current: page, pageSize: PAGE_SIZE, total, onChange: setPage, showSizeChanger: false, simple: true } : false}
          renderItem={(u) => (
            <List.Item>
              <Link to={`/org/${u.id}`}>{u.name}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {u.parentName ?? ''}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
