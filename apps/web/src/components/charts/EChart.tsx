import { useEffect, useRef, type CSSProperties } from 'react';
import { echarts, type EChartsCoreOption } from './echarts.ts';

/** What a click on a series item reports: its category name and data index. */
export interface ChartClick {
  name: string;
  /** Absent when an axis label was clicked. */
  dataIndex?: number;
  seriesName?: string;
}

/**
 * One ECharts chart (from echarts/core with only the needed parts registered): follows its
 * container's size, replaces its option when it changes, and reports clicks on items.
 */
export function EChart({ option, height = 320, onClick, style, 'data-testid': testId }: { option: EChartsCoreOption; height?: number; onClick?: (e: ChartClick) => void; style?: CSSProperties; 'data-testid'?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // Items report their name and index; axis labels (triggerEvent) report their text as `value`.
    instance.on('click', (e) => clickRef.current?.({ name: String(e.name ?? (e as { value?: unknown }).value ?? ''), dataIndex: typeof e.dataIndex === 'number' ? e.dataIndex : undefined, seriesName: e.seriesName }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} style={{ width: '100%', height, ...style }} data-testid={testId} />;
}
