import { Pagination, type PaginationProps } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** One column of a DataTable: a stable key, its heading, and how a row's cell is drawn. */
export interface DataColumn<T> {
  key: string;
  title: ReactNode;
  /** Width in pixels; columns without one share what is left. */
  width?: number;
  align?: 'left' | 'center' | 'right';
  className?: string;
  /** The cell (antd's signature, so a column can serve both tables: the first argument is unused). */
  render?: (value: unknown, row: T, index: number) => ReactNode;
}

/**
 * A row with a `children` array is a parent: a button shows its children under it, indented. The
 * caller holds which parents are open (it loads their children), so the table keeps no copy.
 */
export interface DataTableTree<T> {
  expandedKeys: readonly string[];
  onExpand: (open: boolean, row: T) => void;
  indentSize?: number;
}

interface Props<T> {
  rows: T[];
  rowKey: (row: T) => string;
  columns: DataColumn<T>[];
  loading?: boolean;
  /** Shown in the table's body when there are no rows. */
  empty: ReactNode;
  /** Paging under the table (shown once there is something to page). */
  pagination?: PaginationProps | false;
  /** Check boxes in a first column: each row on its own (a parent's box does not tick its parts). */
  selection?: { selectedKeys: readonly string[]; onChange: (keys: string[], rows: T[]) => void };
  tree?: DataTableTree<T>;
  rowTestId?: string;
  'data-testid'?: string;
}

const childrenOf = <T,>(row: T): T[] | undefined => {
  const kids = (row as { children?: unknown }).children;
  return Array.isArray(kids) ? (kids as T[]) : undefined;
};

/**
 * The lists' table: a plain HTML table drawn in antd's look by the app's style sheet. A page of
 * rows renders as rows of cells and nothing else: no cell measures itself, no layout is forced
 * while rendering and nothing renders twice, which is what made antd's Table about a third of the
 * task list's first load on the office PCs this is built for. It does what the lists use: fixed
 * column widths, a parent's rows as an expandable tree, check boxes for batch work, a loading
 * veil, an empty state and paging.
 */
export function DataTable<T>({ rows, rowKey, columns, loading, empty, pagination, selection, tree, rowTestId, ...rest }: Props<T>) {
  const { t } = useI18n();
  const expanded = useMemo(() => new Set(tree?.expandedKeys), [tree?.expandedKeys]);
  const indent = tree?.indentSize ?? 16;
  const hasTree = tree !== undefined && rows.some((r) => childrenOf(r) !== undefined);

  // The rows as shown: each parent followed by its children while it is expanded.
  const shown = useMemo(() => {
    const out: { row: T; key: string; level: number }[] = [];
    const walk = (list: T[], level: number) => {
      for (const row of list) {
        const key = rowKey(row);
        out.push({ row, key, level });
        const kids = childrenOf(row);
        if (tree && kids && expanded.has(key)) walk(kids, level + 1);
      }
    };
    walk(rows, 0);
    return out;
  }, [rows, rowKey, tree, expanded]);

  const selected = useMemo(() => new Set(selection?.selectedKeys), [selection?.selectedKeys]);
  const pick = (keys: Set<string>) => {
    // Every row, shown or under a collapsed parent: a ticked part stays picked when its parent closes.
    const byKey = new Map<string, T>();
    const walk = (list: T[]) => {
      for (const row of list) {
        byKey.set(rowKey(row), row);
        walk(childrenOf(row) ?? []);
      }
    };
    walk(rows);
    const list = [...keys];
    selection?.onChange(
      list,
      list.map((k) => byKey.get(k)).filter((r): r is T => r !== undefined),
    );
  };
  const allOnPage = shown.length > 0 && shown.every((s) => selected.has(s.key));
  const someOnPage = !allOnPage && shown.some((s) => selected.has(s.key));

  const span = columns.length + (selection ? 1 : 0);
  return (
    <div className="data-table-wrap" aria-busy={loading ? true : undefined}>
      <div className="data-table-body">
        <div className="data-table-scroll">
          <table className="data-table" data-testid={rest['data-testid']}>
            <colgroup>
              {selection ? <col style={{ width: 36 }} /> : null}
              {columns.map((c) => (
                <col key={c.key} style={c.width ? { width: c.width } : undefined} />
              ))}
            </colgroup>
            <thead>
              <tr>
                {selection ? (
                  <th scope="col" className="data-table-check">
                    <input
                      type="checkbox"
                      aria-label={t('list.selectAll')}
                      checked={allOnPage}
                      ref={(el) => {
                        if (el) el.indeterminate = someOnPage;
                      }}
                      disabled={shown.length === 0}
                      onChange={(e) => {
                        const next = new Set(selected);
                        for (const s of shown) {
                          if (e.target.checked) next.add(s.key);
                          else next.delete(s.key);
                        }
                        pick(next);
                      }}
                    />
                  </th>
                ) : null}
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={c.className} style={c.align && c.align !== 'left' ? { textAlign: c.align } : undefined}>
                    {c.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 ? (
                <tr className="data-table-empty">
                  <td colSpan={span}>{loading ? <div className="data-table-empty-space" /> : empty}</td>
                </tr>
              ) : (
                shown.map(({ row, key, level }, index) => {
                  const kids = hasTree ? childrenOf(row) : undefined;
                  const open = expanded.has(key);
                  return (
                    <tr key={key} data-row-key={key} data-testid={rowTestId} className={selected.has(key) ? 'data-table-row is-selected' : 'data-table-row'}>
                      {selection ? (
                        <td className="data-table-check">
                          <input
                            type="checkbox"
                            aria-label={t('list.select')}
                            checked={selected.has(key)}
                            onChange={(e) => {
                              const next = new Set(selected);
                              if (e.target.checked) next.add(key);
                              else next.delete(key);
                              pick(next);
                            }}
                          />
                        </td>
                      ) : null}
                      {columns.map((c, i) => (
                        <td key={c.key} className={c.className} style={c.align && c.align !== 'left' ? { textAlign: c.align } : undefined}>
                          {i === 0 && hasTree ? (
                            <span className="data-table-tree-cell">
                              {level > 0 ? <span className="data-table-indent" style={{ width: level * indent }} /> : null}
                              {kids ? (
                                <button
                                  type="button"
                                  className={`data-table-expand${open ? ' is-open' : ''}`}
                                  aria-label={t(open ? 'list.collapseRow' : 'list.expandRow')}
                                  aria-expanded={open}
                                  onClick={() => tree?.onExpand(!open, row)}
                                />
                              ) : (
                                <span className="data-table-expand-space" />
                              )}
                              <span className="data-table-tree-content">{c.render ? c.render(undefined, row, index) : null}</span>
                            </span>
                          ) : c.render ? (
                            c.render(undefined, row, index)
                          ) : null}
                        </td>
                      ))}
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
        {/* The veil covers the rows only: the pager stays usable while a page loads. */}
        {loading ? <div className="data-table-veil" role="status" aria-label={t('common.loading')} /> : null}
      </div>
      {pagination && (pagination.total ?? 0) > 0 ? <Pagination className="data-table-pagination" align="end" {...pagination} /> : null}
    </div>
  );
}
