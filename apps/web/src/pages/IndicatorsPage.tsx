import { useMatch } from 'react-router-dom';
import { BenchmarkView } from '../features/indicators/BenchmarkView.tsx';
import { IndicatorsView } from '../features/indicators/IndicatorsView.tsx';

/** 指标对标: indicators and targets at /indicators, the benchmarking view at /indicators/benchmark. */
export default function IndicatorsPage() {
  return useMatch('/indicators/benchmark') ? <BenchmarkView /> : <IndicatorsView />;
}
