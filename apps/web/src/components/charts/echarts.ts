import { BarChart, FunnelChart, LineChart, PieChart, RadarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the charts use is registered, so the bundle carries a fraction of ECharts.
echarts.use([BarChart, FunnelChart, LineChart, PieChart, RadarChart, ScatterChart, GridComponent, RadarComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
