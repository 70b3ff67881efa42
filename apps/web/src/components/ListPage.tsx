import { DownloadOutlined, FilterOutlined, SettingOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { App, Badge, Button, Card, Checkbox, Drawer, Empty, List, Popover, Space, Typography } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Paged } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../lib/errors.ts';
import { ErrorState } from './ErrorState.tsx';
import { PageHeader } from './PageHeader.tsx';
import { useScreens } from '../lib/use-screens.ts';
import { DataTable, type DataColumn, type DataTableTree } from './DataTable.tsx';

/** One column of a list: a table column with a stable key and how it is offered in 列设置. */
export interface ListColumn<T> extends DataColumn<T> {
  title: string;
  /** Hidden until the user turns it on in 列设置. */
  defaultHidden?: boolean;
  /** Always shown (the column that links to the record). */
  fixedShown?: boolean;
  /** The cell as text, for exporting the selected rows. */
  text?: (row: T) => string;
}

/** A page of a list as the server answers it; a missing `totalExact` means the total is exact. */
export type ListData<T> = Paged<T>;

interface Props<T> {
  title: ReactNode;
  /** The page's own buttons (新建, 导入 …), beside saved filters and export. */
  actions?: ReactNode;
  /** Saved filters (常用筛选) of this list. */
  savedFilters?: ReactNode;
  /** The filter bar; behind a 筛选 button on phones. */
  filters?: ReactNode;
  /** How many filters are set (the badge on the phone's 筛选 button). */
  activeFilters?: number;
  query: UseQueryResult<ListData<T>>;
  rowKey: (row: T) => string;
  /** The rows to show; defaults to the page's data (a tree list passes its nested rows). */
  rows?: T[];
  columns: ListColumn<T>[];
  /** Where the column choice is remembered (localStorage). */
  storageKey: string;
  /** A row as a card on phones. */
  card: (row: T) => ReactNode;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  empty: ReactNode;
  /** Exports everything the current filter finds (server side). */
  onExport?: () => Promise<void>;
  /** Multi-select with these batch actions (given the selected rows and a way to clear them). */
  batch?: (selected: T[], clear: () => void) => ReactNode;
  /** Exports the selected rows from the shown columns (a spreadsheet written in the browser). */
  onExportSelected?: (rows: T[], columns: ListColumn<T>[]) => void;
  /** Rows with a `children` array are parents whose children a button shows. */
  tree?: DataTableTree<T>;
  'data-testid': string;
  rowTestId: string;
}

/** "共 10,000+ 条" when the server only counted up to a cap, "共 1,234 条" otherwise. */
export function totalText(t: ReturnType<typeof useI18n>['t'], info: { total: number; totalExact?: boolean } | undefined): string {
  // Thousands separated by hand: toLocaleString builds an Intl formatter on a list's first render.
  const total = String(info?.total ?? 0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return info?.totalExact === false ? t('list.totalAtLeast', { total }) : t('common.total', { total });
}

function useColumnChoice(storageKey: string, columns: { key: string; defaultHidden?: boolean }[]) {
  const key = `luoshi.columns.${storageKey}`;
  const defaults = () => columns.filter((c) => c.defaultHidden).map((c) => c.key);
  const [hidden, setHidden] = useState<string[]>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as unknown;
      return Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : defaults();
    } catch {
      return defaults();
    }
  });
  const save = (next: string[]) => {
    setHidden(next);
    localStorage.setItem(key, JSON.stringify(next));
  };
  return { hidden, save, reset: () => save(defaults()) };
}

/**
 * The scaffolding every list page shares: title and actions, saved filters, export of the current
 * filter, the filter bar (behind a 筛选 button on phones), a table with 列设置 and paging ("10,000+"
 * when the server capped its count), multi-select with batch actions, loading, empty and error states
 * with retry. Server state comes from a TanStack query, so a list refreshes when an action
 * invalidates it.
 */
export function ListPage<T extends object>(props: Props<T>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = useScreens();
  const phone = !screens.md;
  const { query, columns, storageKey } = props;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [selectedKeys, setSelectedKeys] = useState<string[]>([]);
  const [selectedRows, setSelectedRows] = useState<T[]>([]);
  const choice = useColumnChoice(storageKey, columns);
  const shown = useMemo(() => columns.filter((c) => c.fixedShown || !choice.hidden.includes(c.key)), [columns, choice.hidden]);
  const rows = props.rows ?? query.data?.data ?? [];
  const pageInfo = query.data?.page;
  const clear = () => {
    setSelectedKeys([]);
    setSelectedRows([]);
  };
  // Another page, filter or refresh starts a new selection: a batch acts only on rows in view.
  useEffect(clear, [query.data]);

  const runExport = async () => {
    if (!props.onExport) return;
    setExporting(true);
    try {
      await props.onExport();
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

  const emptyNode = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} />;
  const pagination = {
    current: props.page,
    pageSize: props.pageSize,
    total: pageInfo?.total ?? 0,
    showSizeChanger: !phone,
    showTotal: () => totalText(t, pageInfo),
    onChange: props.onPage,
  };

  const columnSettings = (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('list.columns')}
      content={
        <div className="list-column-settings" data-testid="list-columns-panel">
          {columns.map((c) => (
            <div key={c.key}>
              <Checkbox
                checked={c.fixedShown || !choice.hidden.includes(c.key)}
                disabled={c.fixedShown}
                onChange={(e) => choice.save(e.target.checked ? choice.hidden.filter((k) => k !== c.key) : [...choice.hidden, c.key])}
              >
                {c.title}
              </Checkbox>
            </div>
          ))}
          <Button type="link" size="small" style={{ padding: 0 }} onClick={choice.reset}>
            {t('list.columnsReset')}
          </Button>
        </div>
      }
    >
      <Button icon={<SettingOutlined />} aria-label={t('list.columns')} data-testid="list-columns">
        {phone ? null : t('list.columns')}
      </Button>
    </Popover>
  );

  const batchBar =
    props.batch && selectedRows.length > 0 ? (
      <div className="list-batch-bar" data-testid="list-batch-bar">
        <Typography.Text strong>{t('list.selected', { count: selectedRows.length })}</Typography.Text>
        {/* A flex box rather than Space: a batch's buttons come as one fragment and still get their gap. */}
        <div className="list-batch-actions">
          {props.batch(selectedRows, clear)}
          {props.onExportSelected ? (
            <Button icon={<DownloadOutlined />} onClick={() => props.onExportSelected?.(selectedRows, shown)} data-testid="list-export-selected">
              {t('list.exportSelected')}
            </Button>
          ) : null}
          <Button type="link" onClick={clear}>
            {t('list.clearSelection')}
          </Button>
        </div>
      </div>
    ) : null;

  const select = (keys: string[], picked: T[]) => {
    setSelectedKeys(keys);
    setSelectedRows(picked);
  };

  let body: ReactNode;
  if (query.error && !query.data) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (phone)
    body = (
      <List<T>
        data-testid={props['data-testid']}
        loading={query.isFetching}
        dataSource={rows}
        locale={{ emptyText: emptyNode }}
        pagination={{ ...pagination, size: 'small', simple: true, align: 'center', showTotal: undefined }}
        renderItem={(row) => {
          const key = props.rowKey(row);
          const checked = selectedKeys.includes(key);
          return (
            <div className="list-card-row" data-testid={props.rowTestId}>
              {props.batch ? (
                <Checkbox
                  className="list-card-check"
                  checked={checked}
                  aria-label={t('list.select')}
                  onChange={(e) => select(e.target.checked ? [...selectedKeys, key] : selectedKeys.filter((k) => k !== key), e.target.checked ? [...selectedRows, row] : selectedRows.filter((r) => props.rowKey(r) !== key))}
                />
              ) : null}
              <div className="list-card-body">{props.card(row)}</div>
            </div>
          );
        }}
      />
    );
  else
    body = (
      <DataTable<T>
        data-testid={props['data-testid']}
        rowTestId={props.rowTestId}
        rowKey={props.rowKey}
        loading={query.isFetching}
        rows={rows}
        columns={shown}
        empty={emptyNode}
        pagination={pagination}
        {...(props.tree ? { tree: props.tree } : {})}
        {...(props.batch ? { selection: { selectedKeys, onChange: select } } : {})}
      />
    );

  return (
    <>
      <PageHeader
        title={props.title}
        extra={
          <Space wrap>
            {props.savedFilters}
            {props.onExport ? (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={runExport} data-testid="list-export">
                {t('list.export')}
              </Button>
            ) : null}
            {props.actions}
          </Space>
        }
      />
      <Card className="list-page-card">
        {props.filters ? (
          phone ? (
            <div className="list-phone-tools">
              <Badge count={props.activeFilters ?? 0} size="small">
                <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen(true)} data-testid="list-filter-button">
                  {t('list.filter')}
                </Button>
              </Badge>
              <span className="list-phone-total">{totalText(t, pageInfo)}</span>
            </div>
          ) : (
            <div className="list-filters">
              <div className="list-filters-main">{props.filters}</div>
              {columnSettings}
            </div>
          )
        ) : null}
        {phone && props.filters ? (
          <Drawer
            placement="bottom"
            open={filtersOpen}
            onClose={() => setFiltersOpen(false)}
            title={t('list.filter')}
            size="80%"
            className="list-filter-drawer"
            extra={
              <Button type="primary" onClick={() => setFiltersOpen(false)} data-testid="list-filter-done">
                {t('list.filterDone')}
              </Button>
            }
          >
            {props.filters}
          </Drawer>
        ) : null}
        {batchBar}
        {body}
      </Card>
    </>
  );
}
