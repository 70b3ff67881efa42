import type { Actor } from '../access/index.ts';
import type { Container } from '../container.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';
import type { Direction, Frequency } from '../modules/indicators/indicator-rules.ts';

// The demo city's indicators (issue 13): six the leaders watch, three years of values for the city
// and two districts, this year's targets, and five fictional peer cities with the source of each figure.

interface DemoIndicator {
  code: string;
  name: string;
  measure: string;
  direction: Direction;
  frequency: Frequency;
  cumulative?: boolean;
  unit: string;
  /** The city's value two years ago and its yearly change (a factor). */
  base: number;
  growth: number;
  /** A year's target as a factor of the year before's value (against `growth`: met, nearly met, missed). */
  targetFactor: number;
}

const INDICATORS: DemoIndicator[] = [
  { code: 'JJ01', name: '地区生产总值', measure: '亿元', direction: 'higher', frequency: 'quarter', cumulative: true, unit: 'SFS-FGW', base: 2860, growth: 1.056, targetFactor: 1.06 },
  { code: 'JJ02', name: '战略性新兴产业增加值占规上工业比重', measure: '%', direction: 'higher', frequency: 'year', unit: 'SFS-FGW', base: 24.6, growth: 1.07, targetFactor: 1.2 },
  { code: 'JJ03', name: '高新技术产业产值占规上工业比重', measure: '%', direction: 'higher', frequency: 'year', unit: 'SFS-FGW', base: 41.2, growth: 1.04, targetFactor: 1.03 },
  { code: 'JJ04', name: '工业用地亩均税收', measure: '万元/亩', direction: 'higher', frequency: 'year', unit: 'SFS-FGW', base: 28.5, growth: 1.09, targetFactor: 1.05 },
  { code: 'JJ05', name: '研发经费投入强度', measure: '%', direction: 'higher', frequency: 'year', unit: 'SFS-FGW', base: 2.31, growth: 1.05, targetFactor: 1.06 },
  { code: 'HJ01', name: 'PM2.5 年均浓度', measure: '微克/立方米', direction: 'lower', frequency: 'year', unit: 'SFS-FGW', base: 38, growth: 0.94, targetFactor: 0.95 },
];

/** How much of the city each district carries (shares and ratios are the city's, scaled a little). */
const DISTRICT_SHARES: [string, number][] = [
  ['SFS-DC', 0.31],
  ['SFS-XC', 0.24],
];

/** Peer cities: each indicator's value as a factor of ours. */
const PEERS: { name: string; note: string; factor: number }[] = [
  { name: '江州市', note: '同省经济总量相近城市', factor: 1.12 },
  { name: '云阳市', note: '同省副中心城市', factor: 0.93 },
  { name: '青川市', note: '产业结构相近城市', factor: 1.04 },
  { name: '南屏市', note: '毗邻城市', factor: 0.86 },
  { name: '安平市', note: '全国同类城市标杆', factor: 1.21 },
];

const QUARTER_SHARES = [0.23, 0.48, 0.73, 1];
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The quarters of a year finished by `today`, or all four for an earlier year. */
function quartersDone(year: number, today: string): number {
  const y = Number(today.slice(0, 4));
  if (year < y) return 4;
  return Math.floor((Number(today.slice(5, 7)) - 1) / 3);
}

/** Stores the demo indicators, values, targets and peers through the real service and its writers. */
export async function seedDemoIndicators(c: Container, tenantId: string, supervisor: Actor): Promise<void> {
  const units = new Map((await c.db.selectFrom('org_units').select(['code', 'id']).where('tenant_id', '=', tenantId).execute()).map((u) => [u.code, u.id]));
  const today = shanghaiDate(c.clock.now());
  const year = Number(today.slice(0, 4));
  const years = [year - 2, year - 1, year];
  const peers = [];
  for (const p of PEERS) peers.push({ ...(await c.indicators.createPeer(supervisor, { name: p.name, kind: 'city', note: p.note })), factor: p.factor });
  const values: { indicatorId: string; orgUnitId: string; period: string; value: number; note: string | null }[] = [];
  const peerValues: { peerId: string; indicatorId: string; period: string; value: number; source: string }[] = [];
  for (const d of INDICATORS) {
    const ind = await c.indicators.create(supervisor, { code: d.code, name: d.name, measure: d.measure, direction: d.direction, frequency: d.frequency, cumulative: d.cumulative ?? false, unitId: units.get(d.unit)! });
    const cityValue = (y: number) => d.base * d.growth ** (y - years[0]!);
    const owners: [string, number][] = [['SFS', 1], ...DISTRICT_SHARES.map(([code, share]): [string, number] => [code, d.cumulative ? share : 1 + (share - 0.27)])];
    for (const y of years) {
      const periods = d.frequency === 'quarter' ? QUARTER_SHARES.slice(0, quartersDone(y, today)).map((s, i) => [`${y}-Q${i + 1}`, s] as const) : y < year ? [[String(y), 1] as const] : [];
      for (const [period, share] of periods) {
        for (const [code, scale] of owners) values.push({ indicatorId: ind.id, orgUnitId: units.get(code)!, period, value: round(cityValue(y) * share * scale), note: null });
        // Peers publish yearly figures (and quarterly GDP); the newest year only as far as ours.
        for (const [i, p] of peers.entries()) {
          const drift = 1 + ((i + y) % 3) * 0.01;
          const factor = d.direction === 'lower' ? 2 - p.factor : p.factor;
          peerValues.push({ peerId: p.id, indicatorId: ind.id, period, value: round(cityValue(y) * share * factor * drift), source: `${p.name}统计局《${y}年国民经济和社会发展统计公报》` });
        }
      }
    }
    // Last year's targets (its values all in) and this year's.
    for (const y of [year - 1, year]) for (const [code, scale] of owners) await c.indicators.putTarget(supervisor, ind.id, { orgUnitId: units.get(code)!, year: y, target: round(cityValue(y - 1) * d.targetFactor * scale) });
  }
  await c.db.transaction().execute(async (tx) => {
    await c.indicators.writeValues(tx, supervisor, values);
    await c.indicators.writePeerValues(tx, supervisor, peerValues);
  });
}
