import { useQuery } from '@tanstack/react-query';
import { List, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** One waiting item of a to-do card: its page, its words, its unit and an optional mark. */
export interface ToDoItem {
  id: string;
  to: string;
  text: string;
  unit: string;
  extra?: ReactNode;
}

/**
 * One part of a module's to-do card on the home page and the workbench: how many wait (linked to
 * the whole list) and the first few, each linked to its page. Nothing shows until it has loaded.
 */
export function ToDoPart({ testId, queryKey, load, label, to }: { testId: string; queryKey: unknown[]; load: (signal: AbortSignal) => Promise<{ total: number; items: ToDoItem[] }>; label: (total: number) => string; to: string }) {
  const query = useQuery({ queryKey, queryFn: ({ signal }) => load(signal) });
  if (!query.data) return null;
  const { total, items } = query.data;
  return (
    <div data-testid={testId}>
      <Typography.Text strong>
        <Link to={to}>{label(total)}</Link>
      </Typography.Text>
      {total === 0 ? null : (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item>
              <Link to={i.to}>{i.text}</Link>
              <span>
                <Typography.Text type="secondary">{i.unit}</Typography.Text> {i.extra ?? null}
              </span>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
