import { scopeForRoles, unitsInScope, type Actor } from '../../access/index.ts';
import type { Container } from '../../container.ts';
import type { IndicatorRow } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { importError, readSheet, writeLedger, type SheetError } from '../../reports/excel.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import { normalizePeriod, PERIOD_HINTS } from './indicator-rules.ts';
import { unitsByName, type BenchmarkQuery } from './indicators.service.ts';

// Indicator values in and out of Excel (issue 13): our units' values and peers' values are imported
// all or nothing with errors by row and column, as every sheet import is; the benchmarking view is
// exported in the common ledger layout.

type ValueKey = 'code' | 'name' | 'unit' | 'period' | 'value' | 'note';
export const VALUE_HEADERS: Record<ValueKey, string> = { code: '指标编码', name: '指标名称', unit: '填报单位', period: '期间', value: '数值', note: '备注' };
type PeerKey = 'peer' | 'code' | 'name' | 'period' | 'value' | 'source';
export const PEER_VALUE_HEADERS: Record<PeerKey, string> = { peer: '对标对象', code: '指标编码', name: '指标名称', period: '期间', value: '数值', source: '数据来源' };

function refuseEmpty(rows: unknown[]): void {
  if (rows.length === 0) throw new AppError('IMPORT_INVALID', '导入失败：表中没有数据。没有写入任何数据。', []);
}

/** The checks every value row shares: the indicator by its code (entered, not derived), the period in its frequency, the number. */
async function rowChecker(c: Container, actor: Actor, codes: string[]) {
  const indicators = codes.length ? await c.db.selectFrom('indicators').selectAll().where('tenant_id', '=', actor.tenantId).where('deleted_at', 'is', null).where('code', 'in', [...new Set(codes)]).execute() : [];
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  return <K extends string>(text: (k: K) => string, err: (k: K, message: string) => void, keys: { code: K; period: K; value: K }): { indicator: IndicatorRow; period: string; value: number } | null => {
    const code = text(keys.code);
    const indicator = byCode.get(code);
    if (!code) err(keys.code, '请填写指标编码');
    else if (!indicator) err(keys.code, `指标编码「${code}」不存在`);
    else if (indicator.formula) err(keys.code, `「${indicator.name}」由公式计算，不能直接填报`);
    let period: string | null = null;
    if (!text(keys.period)) err(keys.period, '请填写期间');
    else if (indicator && !indicator.formula) {
      period = normalizePeriod(text(keys.period), indicator.frequency);
      if (!period) err(keys.period, `「${indicator.name}」的期间应写作 ${PERIOD_HINTS[indicator.frequency]}`);
    }
    const raw = text(keys.value).replace(/,/g, '');
    const value = Number(raw);
    if (!raw) err(keys.value, '请填写数值');
    else if (!Number.isFinite(value) || Math.abs(value) > 1e15) err(keys.value, '数值应为数字');
    return indicator && !indicator.formula && period && raw && Number.isFinite(value) && Math.abs(value) <= 1e15 ? { indicator, period, value } : null;
  };
}

/** A repeated key within the sheet: the first row it was on. */
function repeatCheck() {
  const seen = new Map<string, number>();
  return (key: string, row: number): number | null => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, row);
    return first ?? null;
  };
}

/**
 * Imports our units' values: each row an indicator (by code), a unit (by name, inside the caller's
 * liaison or supervisor scope), a period in the indicator's frequency and a number. Every row is
 * checked first; any error and nothing is written. Existing values of the same period are replaced.
 */
export async function importIndicatorValues(c: Container, actor: Actor, file: Buffer, fileName?: string): Promise<{ imported: number }> {
  if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor' || g.role === 'liaison')) throw new AppError('FORBIDDEN', '只有联络员或督查人员可以导入指标数据');
  const { rows, errors } = await readSheet<ValueKey>(file, VALUE_HEADERS, ['code', 'unit', 'period', 'value'], fileName);
  if (errors.length) throw importError(errors);
  refuseEmpty(rows);
  const names = [...new Set(rows.map((r) => r.values.unit?.trim() ?? '').filter(Boolean))];
  const byName = await unitsByName(c.db, actor.tenantId, names);
  const writable = await unitsInScope(c.db, scopeForRoles(actor, ['supervisor', 'liaison']), actor.tenantId, [...byName.values()].flat());
  const check = await rowChecker(c, actor, rows.map((r) => r.values.code?.trim() ?? ''));
  const repeated = repeatCheck();
  const problems: SheetError[] = [];
  const out: { indicatorId: string; orgUnitId: string; period: string; value: number; note: string | null }[] = [];
  for (const r of rows) {
    const text = (k: ValueKey) => r.values[k]?.trim() ?? '';
    const err = (k: ValueKey, message: string) => problems.push({ row: r.row, column: VALUE_HEADERS[k], message });
    const ok = check(text, err, { code: 'code', period: 'period', value: 'value' });
    const ids = (byName.get(text('unit')) ?? []).filter((id) => writable.has(id));
    if (!text('unit')) err('unit', '请填写填报单位');
    else if (ids.length === 0) err('unit', `“${text('unit')}”不存在或不在您的填报范围内`);
    else if (ids.length > 1) err('unit', `“${text('unit')}”对应多个单位，请写全称`);
    if (text('note').length > 500) err('note', '备注不能超过 500 字');
    if (ok && ids.length === 1) {
      const first = repeated(`${ok.indicator.id}|${ids[0]}|${ok.period}`, r.row);
      if (first !== null) err('period', `与第 ${first} 行是同一指标、单位和期间`);
      else out.push({ indicatorId: ok.indicator.id, orgUnitId: ids[0]!, period: ok.period, value: ok.value, note: text('note') || null });
    }
  }
  if (problems.length) throw importError(problems);
  await c.db.transaction().execute(async (tx) => {
    await c.indicators.writeValues(tx, actor, out);
    await c.audit.record(tx, actor, { action: 'indicator.import', entityType: 'indicator', summary: `导入指标数据 ${out.length} 条`, after: { rows: out.length, fileName } });
  });
  return { imported: out.length };
}

/** Imports peers' values with their sources, all or nothing (a supervisor). */
export async function importPeerValues(c: Container, actor: Actor, file: Buffer, fileName?: string): Promise<{ imported: number }> {
  if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw new AppError('FORBIDDEN', '只有督查人员可以导入对标数据');
  const { rows, errors } = await readSheet<PeerKey>(file, PEER_VALUE_HEADERS, ['peer', 'code', 'period', 'value', 'source'], fileName);
  if (errors.length) throw importError(errors);
  refuseEmpty(rows);
  const peers = new Map((await c.indicators.peers(actor)).map((p) => [p.name, p.id]));
  const check = await rowChecker(c, actor, rows.map((r) => r.values.code?.trim() ?? ''));
  const repeated = repeatCheck();
  const problems: SheetError[] = [];
  const out: { peerId: string; indicatorId: string; period: string; value: number; source: string }[] = [];
  for (const r of rows) {
    const text = (k: PeerKey) => r.values[k]?.trim() ?? '';
    const err = (k: PeerKey, message: string) => problems.push({ row: r.row, column: PEER_VALUE_HEADERS[k], message });
    const peerId = peers.get(text('peer'));
    if (!text('peer')) err('peer', '请填写对标对象');
    else if (!peerId) err('peer', `对标对象“${text('peer')}”未登记`);
    const ok = check(text, err, { code: 'code', period: 'period', value: 'value' });
    if (!text('source')) err('source', '请填写数据来源');
    else if (text('source').length > 200) err('source', '数据来源不能超过 200 字');
    if (ok && peerId && text('source') && text('source').length <= 200) {
      const first = repeated(`${ok.indicator.id}|${peerId}|${ok.period}`, r.row);
      if (first !== null) err('period', `与第 ${first} 行是同一对象、指标和期间`);
      else out.push({ peerId, indicatorId: ok.indicator.id, period: ok.period, value: ok.value, source: text('source') });
    }
  }
  if (problems.length) throw importError(problems);
  await c.db.transaction().execute(async (tx) => {
    await c.indicators.writePeerValues(tx, actor, out);
    await c.audit.record(tx, actor, { action: 'peer.import', entityType: 'peer', summary: `导入对标数据 ${out.length} 条`, after: { rows: out.length, fileName } });
  });
  return { imported: out.length };
}

/** The benchmarking view as a ledger: per indicator and peer at the newest shared period, our value, theirs, the gap, the rank and the source. */
export async function exportBenchmark(c: Container, actor: Actor, q: BenchmarkQuery): Promise<Buffer> {
  const view = await c.indicators.benchmark(actor, q);
  const today = shanghaiDate(c.clock.now());
  const rows: (string | number | null)[][] = [];
  for (const s of view.indicators) {
    if (!s.latest) continue;
    const ourRank = s.latest.ranking.find((r) => r.id === null)!.rank;
    for (const g of s.latest.gaps) {
      const theirRank = s.latest.ranking.find((r) => r.id === g.peerId)!.rank;
      rows.push([rows.length + 1, s.indicator.name, s.indicator.measure, s.latest.period, s.latest.ours, g.name, g.value, g.absolute, g.relative, g.ahead ? '领先' : '落后', `${ourRank} / ${theirRank}`, g.source]);
    }
  }
  return writeLedger({
    sheetName: '对标分析',
    title: `${view.unit.name}对标分析表`,
    subtitle: `${view.fromYear}—${view.toYear}年，${view.indicators.length} 项指标、${view.peers.length} 个对标对象；截至 ${today}`,
    columns: [
      { header: '序号', width: 6, align: 'center' },
      { header: '指标', width: 22 },
      { header: '计量单位', width: 10, align: 'center' },
      { header: '期间', width: 10, align: 'center' },
      { header: `${view.unit.name}`, width: 12, numFmt: '#,##0.00' },
      { header: '对标对象', width: 14 },
      { header: '对标值', width: 12, numFmt: '#,##0.00' },
      { header: '差距', width: 12, numFmt: '#,##0.00' },
      { header: '差距率', width: 9, numFmt: '0.0%', align: 'center' },
      { header: '比较', width: 8, align: 'center' },
      { header: '排名（本地/对方）', width: 12, align: 'center' },
      { header: '数据来源', width: 24 },
    ],
    rows,
    fill: (i, col) => (col === 9 && rows[i]![9] === '落后' ? 'FFFFC7CE' : null),
  });
}
