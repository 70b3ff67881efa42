import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title with its actions on the right (wrapping below on narrow screens). */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-header">
      <Typography.Title level={4}>{title}</Typography.Title>
      {extra ? <div>{extra}</div> : null}
    </div>
  );
}
