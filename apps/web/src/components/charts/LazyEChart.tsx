import { Skeleton } from 'antd';
import { lazy, Suspense, type ComponentProps } from 'react';

const Chart = lazy(() => import('./EChart.tsx').then((m) => ({ default: m.EChart })));

/**
 * An EChart whose library (ECharts, the largest part of the dashboard) is fetched the first time a
 * chart is shown, so the page's figures appear before it arrives.
 */
export function EChart(props: ComponentProps<typeof Chart>) {
  return (
    <Suspense fallback={<Skeleton active />}>
      <Chart {...props} />
    </Suspense>
  );
}
