import { api, download } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';

export const DIRECTIONS = ['higher', 'lower'] as const;
export const FREQUENCIES = ['month', 'quarter', 'year'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type Frequency = (typeof FREQUENCIES)[number];
export type Light = 'green' | 'yellow' | 'red';

/** An indicator's definition as GET /api/indicators answers it. */
export interface Indicator {
  id: string;
  code: string;
  name: string;
  measure: string;
  direction: Direction;
  frequency: Frequency;
  cumulative: boolean;
  formula: string | null;
  unit: { id: string; name: string };
  updatedAt: string | null;
}

export interface IndicatorInput {
  code: string;
  name: string;
  measure?: string;
  direction: Direction;
  frequency: Frequency;
  cumulative?: boolean;
  formula?: string | null;
  unitId: string;
}

export interface AchievementRow {
  indicator: Indicator;
  target: number | null;
  fromDirective: boolean;
  period: string | null;
  value: number | null;
  rate: number | null;
  expected: number | null;
  light: Light | null;
}

export interface Peer {
  id: string;
  name: string;
  kind: 'city' | 'district' | 'other';
  note: string | null;
}

export interface BenchmarkSeries {
  indicator: Indicator;
  periods: string[];
  ours: (number | null)[];
  peers: { id: string; name: string; values: (number | null)[]; sources: (string | null)[] }[];
  latest: {
    period: string;
    ours: number;
    gaps: { peerId: string; name: string; value: number; source: string; absolute: number; relative: number | null; ahead: boolean }[];
    ranking: { id: string | null; name: string; value: number; rank: number }[];
  } | null;
}

export interface Benchmark {
  unit: { id: string; name: string };
  peers: { id: string; name: string; kind: Peer['kind'] }[];
  fromYear: number;
  toYear: number;
  indicators: BenchmarkSeries[];
}

export interface BenchmarkQuery {
  orgUnitId: string;
  fromYear: number;
  toYear: number;
  indicatorIds?: string[];
  peerIds?: string[];
}

const benchmarkParams = (q: BenchmarkQuery) => ({ orgUnitId: q.orgUnitId, fromYear: q.fromYear, toYear: q.toYear, indicatorIds: q.indicatorIds?.length ? q.indicatorIds.join(',') : undefined, peerIds: q.peerIds?.length ? q.peerIds.join(',') : undefined });

export const listIndicators = (signal?: AbortSignal) => api<Paged<Indicator>>('/api/indicators', { query: { pageSize: 200 }, signal });
export const createIndicator = (input: IndicatorInput) => api<Indicator>('/api/indicators', { method: 'POST', body: input });
export const getAchievement = (orgUnitId: string, year: number, signal?: AbortSignal) => api<{ unit: { id: string; name: string }; year: number; rows: AchievementRow[] }>('/api/indicators/achievement', { query: { orgUnitId, year }, signal });
export const putValue = (id: string, body: { orgUnitId: string; period: string; value: number; note?: string | null }) => api<{ period: string; value: number }>(`/api/indicators/${id}/values`, { method: 'PUT', body });
export const putTarget = (id: string, body: { orgUnitId: string; year: number; target: number }) => api<{ year: number; target: number }>(`/api/indicators/${id}/targets`, { method: 'PUT', body });
export const targetFromDirective = (body: { directiveTargetId: string; indicatorId: string; orgUnitId: string; year: number }) => api<{ indicatorId: string; year: number; target: number }>('/api/indicators/targets/from-directive', { method: 'POST', body });
export const getBenchmark = (q: BenchmarkQuery, signal?: AbortSignal) => api<Benchmark>('/api/indicators/benchmark', { query: benchmarkParams(q), signal });
export const downloadBenchmarkXlsx = (q: BenchmarkQuery) => download('/api/indicators/benchmark.xlsx', benchmarkParams(q), 'benchmark.xlsx');
export const downloadBenchmarkDocx = (q: BenchmarkQuery) => download('/api/indicators/benchmark.docx', benchmarkParams(q), 'benchmark.docx');
export const listPeers = (signal?: AbortSignal) => api<{ data: Peer[] }>('/api/peers', { signal });
export const createPeer = (body: { name: string; kind: Peer['kind']; note?: string | null }) => api<Peer>('/api/peers', { method: 'POST', body });
export const putPeerValue = (id: string, body: { indicatorId: string; period: string; value: number; source: string }) => api<{ period: string }>(`/api/peers/${id}/values`, { method: 'PUT', body });

function upload(path: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<{ data: { imported: number } }>(path, { method: 'POST', body: form });
}
export const importValues = (file: File) => upload('/api/indicators/values/import', file);
export const importPeerValues = (file: File) => upload('/api/peers/values/import', file);

export const deleteIndicator = (id: string) => api<{ ok: true }>(`/api/indicators/${id}`, { method: 'DELETE' });
export const deletePeer = (id: string) => api<{ ok: true }>(`/api/peers/${id}`, { method: 'DELETE' });
