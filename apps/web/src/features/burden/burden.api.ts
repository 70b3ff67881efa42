import type { BurdenCounts, BurdenRequestLine } from '@luoshi/shared';
import { api, download } from '../../api/client.ts';

export { BURDEN_MODULES } from '@luoshi/shared';
export type { BurdenCounts, BurdenKind, BurdenTally as Tally } from '@luoshi/shared';

export interface BurdenRow extends BurdenCounts {
  unit: { id: string; name: string };
}

/** GET /api/burden: each unit of the subtree with requests in the month. */
export interface BurdenOverview {
  month: string;
  /** `parentId`: the unit above, when the caller may look at it. */
  unit: { id: string; name: string; parentId: string | null };
  rule: string;
  rows: BurdenRow[];
  totals: BurdenCounts;
}

/** A request as GET /api/burden/unit lists it, with the web address of its record. */
export interface BurdenRequest extends BurdenRequestLine {
  link: string;
}

/** GET /api/burden/unit: one unit's requests and duplicate pairs. */
export interface UnitBurden {
  month: string;
  unit: { id: string; name: string };
  rule: string;
  counts: BurdenCounts;
  requests: BurdenRequest[];
  pairs: { a: BurdenRequest; b: BurdenRequest; fact: string }[];
}

export const getBurden = (unitId: string, month: string, signal?: AbortSignal) => api<{ data: BurdenOverview }>('/api/burden', { query: { unitId, month }, signal }).then((r) => r.data);
export const getUnitBurden = (unitId: string, month: string, signal?: AbortSignal) => api<{ data: UnitBurden }>('/api/burden/unit', { query: { unitId, month }, signal }).then((r) => r.data);
export const exportBurden = (unitId: string, month: string) => download('/api/burden/export', { unitId, month }, `填报负担-${month}.xlsx`);
