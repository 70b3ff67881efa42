import { inScope, scopeForRoles, type Actor } from '../../access/index.ts';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { importError, readSheet, writeLedger, type LedgerColumn, type SheetError } from '../../reports/excel.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import { refusedTag, refusedTagMessage, tagDictionary } from './project-tags.service.ts';
import { KIND_LABELS, LEVEL_LABELS, PROJECT_KINDS, PROJECT_LEVELS, STAGE_LABELS } from './project-rules.ts';
import type { ProjectFilter, ProjectInput } from './projects.service.ts';

// The 重点项目台账: the filtered projects in the common ledger layout (序号, then the project's facts,
// this year's plan and investment, stage and light), and its import: new projects, all or none, with
// errors by row and column. The import reads the export's own headers, so an exported sheet with
// new rows added (and the old ones removed) goes back in.

const EXPORT_MAX = 50_000;
const LIGHT_LABELS = { green: '绿灯', yellow: '黄灯', red: '红灯' } as const;

function columns(year: number): LedgerColumn[] {
  return [
    { header: '序号', width: 6, align: 'center' },
    { header: '项目编号', width: 14 },
    { header: '项目名称', width: 30 },
    { header: '项目类型', width: 10, align: 'center' },
    { header: '所属行业', width: 10 },
    { header: '项目级别', width: 8, align: 'center' },
    { header: '建设地点', width: 20 },
    { header: '业主单位', width: 20 },
    { header: '牵头单位', width: 16 },
    { header: '包抓领导', width: 10 },
    { header: '总投资（万元）', width: 12, numFmt: '#,##0.00' },
    { header: '入库年份', width: 8, align: 'center' },
    { header: `${year}年计划投资（万元）`, width: 14, numFmt: '#,##0.00' },
    { header: `${year}年完成投资（万元）`, width: 14, numFmt: '#,##0.00' },
    { header: '完成率', width: 8, numFmt: '0.0%', align: 'center' },
    { header: '阶段', width: 8, align: 'center' },
    { header: '灯色', width: 8, align: 'center' },
    { header: '最近月报', width: 10, align: 'center' },
    { header: '标签', width: 16 },
    { header: '经度', width: 11, noPrint: true },
    { header: '纬度', width: 11, noPrint: true },
  ];
}

const FILLS = { red: 'FFFFC7CE', yellow: 'FFFFEB9C' } as const;

/** The filtered project list as the printable 重点项目台账 (.xlsx). */
export async function exportProjects(c: Container, actor: Actor, filter: Omit<ProjectFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  const rows = (await c.projects.list(actor, { ...filter, page: 1, pageSize: EXPORT_MAX })).data;
  const today = shanghaiDate(c.clock.now());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const cols = columns(y);
  const planned = rows.reduce((s, r) => s + r.year_planned, 0);
  const invested = rows.reduce((s, r) => s + r.year_invested, 0);
  return writeLedger({
    sheetName: '重点项目台账',
    title: `${y}年重点项目台账`,
    subtitle: `截至${y}年${m}月${d}日，共 ${rows.length} 个项目，年度计划投资 ${planned.toFixed(2)} 万元，已完成 ${invested.toFixed(2)} 万元`,
    columns: cols,
    rows: rows.map((p, i) => [
      i + 1,
      p.code,
      p.name,
      KIND_LABELS[p.kind],
      p.industry ?? '',
      LEVEL_LABELS[p.level],
      p.address ?? '',
      p.owner_company ?? '',
      p.lead_unit_name,
      p.leader_name ?? '',
      Number(p.total_investment),
      p.start_year,
      p.year_planned,
      p.year_invested,
      p.year_planned > 0 ? p.year_invested / p.year_planned : null,
      STAGE_LABELS[p.stage],
      LIGHT_LABELS[p.light],
      p.last_period ?? '未报',
      p.tags.join('、'),
      p.longitude === null ? null : Number(p.longitude),
      p.latitude === null ? null : Number(p.latitude),
    ]),
    fill: (i, col) => (cols[col]!.header === '灯色' && rows[i]!.light !== 'green' ? FILLS[rows[i]!.light as 'red' | 'yellow'] : null),
  });
}

type Key = 'code' | 'name' | 'kind' | 'industry' | 'level' | 'address' | 'owner' | 'unit' | 'leader' | 'total' | 'startYear' | 'planned' | 'tags' | 'lng' | 'lat';

function importHeaders(year: number): Record<Key, string> {
  return { code: '项目编号', name: '项目名称', kind: '项目类型', industry: '所属行业', level: '项目级别', address: '建设地点', owner: '业主单位', unit: '牵头单位', leader: '包抓领导', total: '总投资（万元）', startYear: '入库年份', planned: `${year}年计划投资（万元）`, tags: '标签', lng: '经度', lat: '纬度' };
}

const byLabel = <K extends string>(labels: Record<K, string>) => new Map(Object.entries(labels).map(([k, v]) => [v as string, k as K]));

/**
 * Imports new projects from a ledger sheet: every row checked first (required facts, type and level
 * as the ledger words them, the lead unit named as the organisation tree names it and inside the
 * supervisor's scope, amounts and coordinates as numbers, a code neither repeated nor taken), then
 * all projects registered in one transaction. Any error: nothing is written, every error comes back.
 */
export async function importProjects(c: Container, actor: Actor, file: Buffer, fileName?: string): Promise<{ created: number }> {
  if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw new AppError('FORBIDDEN', '只有督查人员可以导入重点项目');
  const year = Number(shanghaiDate(c.clock.now()).slice(0, 4));
  const headers = importHeaders(year);
  const { rows, errors } = await readSheet<Key>(file, headers, ['code', 'name', 'kind', 'level', 'unit', 'total', 'startYear'], fileName);
  if (errors.length) throw importError(errors);
  if (rows.length === 0) throw new AppError('IMPORT_INVALID', '导入失败：表中没有项目。没有写入任何数据。', []);
  const scope = scopeForRoles(actor, ['supervisor']);
  const unitNames = [...new Set(rows.map((r) => r.values.unit?.trim() ?? '').filter(Boolean))];
  const units = unitNames.length
    ? await c.db
        .selectFrom('org_units as u')
        .select(['u.id', 'u.name', 'u.short_name'])
        .where('u.tenant_id', '=', actor.tenantId)
        .where('u.active', '=', true)
        .where((eb) => eb.or([eb('u.name', 'in', unitNames), eb('u.short_name', 'in', unitNames)]))
        .where((eb) => inScope(scope, actor.tenantId, eb.ref('u.id')))
        .execute()
    : [];
  const unitsByName = new Map<string, string[]>();
  for (const u of units) for (const n of new Set([u.name, u.short_name].filter(Boolean) as string[])) unitsByName.set(n, [...(unitsByName.get(n) ?? []), u.id]);
  const codes = rows.map((r) => r.values.code?.trim() ?? '').filter(Boolean);
  const taken = new Set(codes.length ? (await c.db.selectFrom('projects').select('code').where('tenant_id', '=', actor.tenantId).where('deleted_at', 'is', null).where('code', 'in', codes).execute()).map((p) => p.code) : []);
  const dictionary = await tagDictionary(c.db, actor.tenantId);
  const kinds = byLabel(KIND_LABELS);
  const levels = byLabel(LEVEL_LABELS);
  const seen = new Map<string, number>();
  const problems: SheetError[] = [];
  const inputs: ProjectInput[] = [];
  for (const r of rows) {
    const v = r.values;
    const err = (column: Key, message: string) => problems.push({ row: r.row, column: headers[column], message });
    const text = (k: Key) => v[k]?.trim() ?? '';
    const number = (k: Key, { min, max, label }: { min: number; max: number; label: string }): number | null => {
      if (!text(k)) return null;
      const n = Number(text(k).replace(/,/g, ''));
      if (!Number.isFinite(n) || n < min || n > max) {
        err(k, `${label}应为 ${min} 到 ${max} 之间的数字`);
        return null;
      }
      return n;
    };
    const code = text('code');
    if (!code) err('code', '请填写项目编号');
    else if (code.length > 40) err('code', '项目编号不能超过 40 字');
    else if (taken.has(code)) err('code', `项目编号「${code}」已被使用`);
    else if (seen.has(code)) err('code', `项目编号「${code}」与第 ${seen.get(code)} 行重复`);
    if (code) seen.set(code, seen.get(code) ?? r.row);
    const name = text('name');
    if (!name) err('name', '请填写项目名称');
    else if (name.length > 200) err('name', '项目名称不能超过 200 字');
    const kind = kinds.get(text('kind'));
    if (!kind) err('kind', `项目类型应为 ${PROJECT_KINDS.map((k) => KIND_LABELS[k]).join('、')} 之一`);
    const level = levels.get(text('level'));
    if (!level) err('level', `项目级别应为 ${PROJECT_LEVELS.map((l) => LEVEL_LABELS[l]).join('、')} 之一`);
    const unitIds = unitsByName.get(text('unit')) ?? [];
    if (!text('unit')) err('unit', '请填写牵头单位');
    else if (unitIds.length === 0) err('unit', `“${text('unit')}”不存在或不在您的督查范围内`);
    else if (unitIds.length > 1) err('unit', `“${text('unit')}”对应多个单位，请写全称`);
    const total = number('total', { min: 0, max: 1e11, label: '总投资' });
    if (!text('total')) err('total', '请填写总投资');
    const startYear = number('startYear', { min: 2000, max: 2100, label: '入库年份' });
    if (!text('startYear')) err('startYear', '请填写入库年份');
    else if (startYear !== null && !Number.isInteger(startYear)) err('startYear', '入库年份应为整数');
    const planned = number('planned', { min: 0, max: 1e11, label: '年度计划投资' });
    const lng = number('lng', { min: -180, max: 180, label: '经度' });
    const lat = number('lat', { min: -90, max: 90, label: '纬度' });
    if ((lng === null) !== (lat === null)) err(lng === null ? 'lng' : 'lat', '经度和纬度应同时填写');
    const tags = text('tags') ? [...new Set(text('tags').split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean))] : [];
    if (tags.length > 20 || tags.some((s) => s.length > 30)) err('tags', '标签最多 20 个，每个不超过 30 字');
    const refused = refusedTag(dictionary, tags);
    if (refused) err('tags', refusedTagMessage(dictionary, refused));
    if (kind && level && unitIds.length === 1 && total !== null && startYear !== null) {
      inputs.push({
        code,
        name,
        kind,
        level,
        industry: text('industry') || null,
        address: text('address') || null,
        ownerCompany: text('owner') || null,
        leaderName: text('leader') || null,
        leadUnitId: unitIds[0]!,
        totalInvestment: total,
        startYear,
        longitude: lng,
        latitude: lat,
        tags,
        yearPlans: planned !== null ? [{ year, planned }] : [],
      });
    }
  }
  if (problems.length) throw importError(problems);
  await c.db.transaction().execute(async (tx) => {
    for (const input of inputs) await c.projects.createIn(tx, actor, input);
  });
  return { created: inputs.length };
}
