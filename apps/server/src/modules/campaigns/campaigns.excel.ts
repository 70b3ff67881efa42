import type { Actor } from '../../access/index.ts';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { importError, readSheet, writeLedger, type LedgerColumn, type SheetError } from '../../reports/excel.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { ProblemFilter } from './campaigns.repository.ts';
import { PROBLEM_STATUSES } from './campaigns.rules.ts';

// The 整改台账: the problems as the common ledger layout prints them (序号, 问题, 整改措施, 责任单位,
// 责任人, 完成时限, 整改进展, 是否销号, and the problem's number kept unprinted for the way back), and
// its import: new problems of one campaign, all or none, each with its rectification plan when the
// row gives measures and a deadline.

const EXPORT_MAX = 50_000;
const DATE = 'yyyy-mm-dd';
const COLUMNS: LedgerColumn[] = [
  { header: '序号', width: 6, align: 'center' },
  { header: '问题', width: 36 },
  { header: '整改措施', width: 36 },
  { header: '责任单位', width: 16 },
  { header: '责任人', width: 12 },
  { header: '完成时限', width: 12, numFmt: DATE, align: 'center' },
  { header: '整改进展', width: 18 },
  { header: '是否销号', width: 10, align: 'center' },
  { header: '问题编号', width: 38, noPrint: true },
];

const day = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

/** What the 整改进展 column says: the status, with the task's percent while it is being rectified. */
function progress(p: { status: keyof typeof PROBLEM_STATUSES; task_percent: unknown; deadline: string | null }, today: string): string {
  const late = (p.status === 'rectifying' || p.status === 'returned') && p.deadline !== null && p.deadline < today;
  const pct = p.task_percent === null || p.task_percent === undefined ? '' : `（${Number(p.task_percent)}%）`;
  return `${PROBLEM_STATUSES[p.status]}${p.status === 'rectifying' ? pct : ''}${late ? '，已逾期' : ''}`;
}

/** The filtered problem list as the printable 整改台账 (.xlsx). */
export async function exportLedger(c: Container, actor: Actor, filter: Omit<ProblemFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  const rows = (await c.campaigns.problems(actor, { ...filter, page: 1, pageSize: EXPORT_MAX })).data as unknown as {
    id: string; description: string; measures: string; unit_name: string; owner_name: string | null; deadline: string | null; status: keyof typeof PROBLEM_STATUSES; task_percent: unknown; campaign_title: string;
  }[];
  const today = shanghaiDate(c.clock.now());
  const [y, m, d] = today.split('-').map(Number);
  const campaign = filter.campaignId ? rows[0]?.campaign_title ?? '' : '';
  return writeLedger({
    sheetName: '整改台账',
    title: `${campaign}问题整改台账`,
    subtitle: `截至${y}年${m}月${d}日，共 ${rows.length} 个问题，已销号 ${rows.filter((r) => r.status === 'closed').length} 个`,
    columns: COLUMNS,
    rows: rows.map((p, i) => [i + 1, p.description, p.measures, p.unit_name, p.owner_name ?? '', day(p.deadline), progress(p, today), p.status === 'closed' ? '是' : '否', p.id]),
    fill: (i, col) => (COLUMNS[col]!.header === '是否销号' && rows[i]!.status === 'closed' ? 'FFC6EFCE' : null),
  });
}

type Key = 'description' | 'measures' | 'unit' | 'owner' | 'deadline';
const HEADERS: Record<Key, string> = { description: '问题', measures: '整改措施', unit: '责任单位', owner: '责任人', deadline: '完成时限' };

const DATE_TEXT = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/**
 * Imports new problems into a campaign from a ledger sheet: every row checked first (the unit one
 * of the campaign's in the supervisor's scope, named as the organisation tree names it; measures
 * and deadline together or neither; the person a user of that unit), then all rows written in one
 * transaction — a problem each, planned (its rectification task assigned) when it has measures.
 * Any error: nothing is written, and every row's errors come back.
 */
export async function importLedger(c: Container, actor: Actor, campaignId: string, file: Buffer, fileName?: string): Promise<{ created: number; planned: number }> {
  const campaign = await c.campaigns.campaignRow(actor, campaignId);
  if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw new AppError('FORBIDDEN', '只有督查人员可以导入整改台账');
  const { rows, errors } = await readSheet<Key>(file, HEADERS, ['description', 'unit'], fileName);
  if (errors.length) throw importError(errors);
  if (rows.length === 0) throw new AppError('IMPORT_INVALID', '导入失败：表中没有问题。没有写入任何数据。', []);
  const units = await c.db
    .selectFrom('campaign_units as cu')
    .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'cu.tenant_id').onRef('u.id', '=', 'cu.unit_id'))
    .select(['u.id', 'u.name', 'u.short_name'])
    .where('cu.tenant_id', '=', actor.tenantId)
    .where('cu.campaign_id', '=', campaign.id)
    .execute();
  const byName = new Map<string, string[]>();
  for (const u of units) for (const n of new Set([u.name, u.short_name].filter(Boolean) as string[])) byName.set(n, [...(byName.get(n) ?? []), u.id]);
  const ownerNames = [...new Set(rows.map((r) => r.values.owner?.trim() ?? '').filter(Boolean))];
  const people = ownerNames.length ? await c.db.selectFrom('users').select(['id', 'display_name', 'org_unit_id']).where('tenant_id', '=', actor.tenantId).where('active', '=', true).where('display_name', 'in', ownerNames).execute() : [];
  const today = shanghaiDate(c.clock.now());
  const problems: SheetError[] = [];
  const planned: { row: number; unitId: string; description: string; measures: string; ownerName: string; deadline: string | null }[] = [];
  for (const r of rows) {
    const v = r.values;
    const err = (column: Key, message: string) => problems.push({ row: r.row, column: HEADERS[column], message });
    const description = v.description?.trim() ?? '';
    if (!description) err('description', '请填写问题');
    const unitIds = byName.get(v.unit?.trim() ?? '') ?? [];
    if (!v.unit?.trim()) err('unit', '请填写责任单位');
    else if (unitIds.length === 0) err('unit', `“${v.unit}”不是本活动的参加单位`);
    else if (unitIds.length > 1) err('unit', `“${v.unit}”对应多个单位，请写全称`);
    let deadline: string | null = null;
    if (v.deadline?.trim()) {
      const m = DATE_TEXT.exec(v.deadline.trim());
      deadline = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
      if (!deadline || Number.isNaN(Date.parse(deadline))) err('deadline', '完成时限应为日期，如 2026-06-30');
      else if (deadline < today) err('deadline', '完成时限不能早于今天');
    }
    const measures = v.measures?.trim() ?? '';
    if (measures && !v.deadline?.trim()) err('deadline', '填写了整改措施时请填写完成时限');
    if (!measures && v.deadline?.trim()) err('measures', '填写了完成时限时请填写整改措施');
    planned.push({ row: r.row, unitId: unitIds[0] ?? '', description, measures, ownerName: v.owner?.trim() ?? '', deadline });
  }
  for (const p of planned) {
    if (!p.ownerName || !p.unitId) continue;
    const matches = people.filter((u) => u.display_name === p.ownerName);
    if (matches.length === 0) problems.push({ row: p.row, column: HEADERS.owner, message: `找不到人员“${p.ownerName}”` });
  }
  if (problems.length) throw importError(problems);
  // Owners must belong to the problem's unit or below: checked in one query.
  const closure = people.length
    ? await c.db.selectFrom('org_closure').select(['ancestor_id', 'descendant_id']).where('tenant_id', '=', actor.tenantId).where('ancestor_id', 'in', [...new Set(planned.map((p) => p.unitId))]).where('descendant_id', 'in', [...new Set(people.map((u) => u.org_unit_id))]).execute()
    : [];
  const inside = new Set(closure.map((r) => `${r.ancestor_id}:${r.descendant_id}`));
  const owners = new Map<number, string | null>();
  for (const p of planned) {
    if (!p.ownerName) {
      owners.set(p.row, null);
      continue;
    }
    const match = people.find((u) => u.display_name === p.ownerName && inside.has(`${p.unitId}:${u.org_unit_id}`));
    if (!match) problems.push({ row: p.row, column: HEADERS.owner, message: `“${p.ownerName}”不是该责任单位的人员` });
    owners.set(p.row, match?.id ?? null);
  }
  if (problems.length) throw importError(problems);
  return c.campaigns.importProblems(actor, campaign, planned.map((p) => ({ row: p.row, unitId: p.unitId, description: p.description, plan: p.measures ? { measures: p.measures, deadline: p.deadline!, ownerUserId: owners.get(p.row) ?? null } : null })));
}
