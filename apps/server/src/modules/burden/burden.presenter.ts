import { BURDEN_KINDS } from '@luoshi/shared';
import { z } from 'zod';
import { DUPLICATE_RULE, type BurdenCounts, type BurdenKind, type BurdenRequest, type DuplicatePair } from './burden-rules.ts';
import type { BurdenOverview, UnitBurden } from './burden.service.ts';

const tally = z.object({ requested: z.number(), filed: z.number() });
export const countsSchema = z.object({
  requested: z.number().describe('本月要求填报的项数'),
  filed: z.number().describe('其中已填报'),
  duplicates: z.number().describe('重复填报的对数'),
  byModule: z.record(z.string(), tally).describe('按模块：task、rectification、coordination、decision、suggestion、project、indicator、rhythm'),
  byKind: z.record(z.string(), tally).describe('按类型：progress、project_report、indicator_value、answer、material'),
});
const unitRef = z.object({ id: z.string(), name: z.string() });

export const overviewSchema = z.object({
  month: z.string(),
  unit: unitRef.extend({ parentId: z.string().nullable().describe('上一级单位（在本人数据范围内时），供页面返回上一级') }),
  rule: z.string().describe('重复填报的判定规则（一句话）'),
  rows: z.array(countsSchema.extend({ unit: unitRef })),
  totals: countsSchema,
});

export const requestSchema = z.object({
  key: z.string(),
  module: z.string(),
  kind: z.enum(BURDEN_KINDS),
  recordId: z.string(),
  title: z.string(),
  period: z.string(),
  due: z.string(),
  filed: z.boolean(),
  link: z.string().describe('网页中的地址'),
});

export const unitBurdenSchema = z.object({
  month: z.string(),
  unit: unitRef,
  rule: z.string(),
  counts: countsSchema,
  requests: z.array(requestSchema),
  pairs: z.array(z.object({ a: requestSchema, b: requestSchema, fact: z.string() })),
});

/** Where the web app shows the record behind a request. */
export function requestLink(kind: BurdenKind, recordId: string): string {
  switch (kind) {
    case 'progress':
      return `/tasks/${recordId}`;
    case 'project_report':
      return `/projects/${recordId}`;
    case 'indicator_value':
      return '/indicators';
    case 'answer':
      return `/suggestions/${recordId}`;
    case 'material':
      return '/rhythm';
  }
}

export function presentRequest(r: BurdenRequest): z.infer<typeof requestSchema> {
  return { key: r.key, module: r.module, kind: r.kind, recordId: r.recordId, title: r.title, period: r.period, due: r.due, filed: r.filed, link: requestLink(r.kind, r.recordId) };
}

const presentCounts = (c: BurdenCounts): z.infer<typeof countsSchema> => ({ requested: c.requested, filed: c.filed, duplicates: c.duplicates, byModule: c.byModule, byKind: c.byKind });

export function presentOverview(o: BurdenOverview): z.infer<typeof overviewSchema> {
  return { month: o.month, unit: o.unit, rule: DUPLICATE_RULE, rows: o.rows.map((r) => ({ unit: r.unit, ...presentCounts(r) })), totals: presentCounts(o.totals) };
}

export function presentUnitBurden(u: UnitBurden): z.infer<typeof unitBurdenSchema> {
  return {
    month: u.month,
    unit: u.unit,
    rule: DUPLICATE_RULE,
    counts: presentCounts(u.counts),
    requests: u.requests.map(presentRequest),
    pairs: u.pairs.map((p: DuplicatePair) => ({ a: presentRequest(p.a), b: presentRequest(p.b), fact: p.fact })),
  };
}
