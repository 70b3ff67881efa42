import type { Actor } from '../../access/index.ts';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { addHelpSheet, importError, readSheet, writeLedger, type LedgerColumn, type SheetError } from '../../reports/excel.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { SuggestionKind } from '../../db/schema.ts';
import type { StatsFilter } from './suggestions.repository.ts';
import type { ImportRow } from './suggestions.service.ts';
import { rate, splitNames, SUGGESTION_KINDS } from './suggestion-rules.ts';

// The statistics as the common ledger layout prints them, and the import of a session's
// suggestions: all rows or none, every row's errors named.

const STATS_COLUMNS: LedgerColumn[] = [
  { header: '序号', width: 6, align: 'center' },
  { header: '单位/届次', width: 24 },
  { header: '收到', width: 8, align: 'center' },
  { header: '已交办', width: 8, align: 'center' },
  { header: '已答复', width: 8, align: 'center' },
  { header: '按期答复', width: 10, align: 'center' },
  { header: '办结率', width: 10, align: 'center' },
  { header: '已评价', width: 8, align: 'center' },
  { header: '满意及基本满意', width: 14, align: 'center' },
  { header: '满意率', width: 10, align: 'center' },
];

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);

/** The statistics (by unit or by session) as an .xlsx sheet. */
export async function exportStats(c: Container, actor: Actor, filter: Omit<StatsFilter, 'page' | 'pageSize'>): Promise<Buffer> {
  const { lines } = await c.suggestions.stats(actor, { ...filter, page: 1, pageSize: 10_000 });
  const today = shanghaiDate(c.clock.now());
  const [y, m, d] = today.split('-').map(Number);
  const total = lines.reduce((a, l) => a + l.received, 0);
  return writeLedger({
    sheetName: '建议办理统计',
    title: `${filter.session ?? ''}建议提案办理情况统计（按${filter.by === 'unit' ? '主办单位' : '届次'}）`,
    subtitle: `截至${y}年${m}月${d}日，共收到 ${total} 件`,
    columns: STATS_COLUMNS,
    rows: lines.map((l, i) => [i + 1, l.name, l.received, l.assigned, l.answered, l.onTime, pct(rate(l.answered, l.assigned)), l.rated, l.satisfied, pct(rate(l.satisfied, l.rated))]),
  });
}

type Key = 'kind' | 'number' | 'session' | 'proposers' | 'title' | 'content' | 'mainUnit' | 'coUnits';
const HEADERS: Record<Key, string> = { kind: '类别', number: '编号', session: '届次', proposers: '提出人', title: '标题', content: '内容', mainUnit: '主办单位', coUnits: '协办单位' };
const TEMPLATE_COLUMNS: LedgerColumn[] = [
  { header: HEADERS.kind, width: 8, align: 'center' },
  { header: HEADERS.number, width: 8, align: 'center' },
  { header: HEADERS.session, width: 22 },
  { header: HEADERS.proposers, width: 18 },
  { header: HEADERS.title, width: 32 },
  { header: HEADERS.content, width: 40 },
  { header: HEADERS.mainUnit, width: 16 },
  { header: HEADERS.coUnits, width: 20 },
];

/** The import template: the columns the import reads, without rows, and a sheet of instructions. */
export async function suggestionTemplate(): Promise<Buffer> {
  return writeLedger({ sheetName: '建议提案', title: '建议提案登记表', subtitle: '填写说明见“填写说明”工作表', columns: TEMPLATE_COLUMNS, rows: [] }, (wb) =>
    addHelpSheet(wb, [
      '每行一件建议；“类别”“届次”“提出人”“标题”必填。',
      `“类别”填写 ${Object.values(SUGGESTION_KINDS).join('、')} 之一。`,
      '“编号”可不填，按届次和类别顺延；同一届次、同一类别的编号不能重复。',
      '“提出人”多人用顿号（、）分隔；与代表委员账号姓名相同的，关联到该账号，本人可在系统中查看和评价答复。',
      '“主办单位”“协办单位”填写组织机构中的单位全称或简称，协办单位多个用顿号分隔；填写了主办单位的建议导入后即交办，答复期限为法定期限。',
      '任何一行有错误时整份表格都不会导入，系统会列出每一处错误的行号和列名。',
    ]),
  );
}

const KIND_BY_WORD = new Map(Object.entries(SUGGESTION_KINDS).map(([k, w]) => [w, k as SuggestionKind]));

/**
 * Imports suggestions from a sheet (类别, 编号, 届次, 提出人, 标题, 内容, 主办单位, 协办单位): proposers
 * who are deputies' accounts by their name become those accounts, the others stay names; a row
 * naming a main unit is assigned with the legal deadline. Every row is checked first; any error
 * and nothing is written.
 */
export async function importSuggestions(c: Container, actor: Actor, file: Buffer, fileName?: string): Promise<{ created: number; assigned: number }> {
  if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw new AppError('FORBIDDEN', '只有督查人员可以导入建议');
  const { rows, errors } = await readSheet<Key>(file, HEADERS, ['kind', 'session', 'proposers', 'title'], fileName);
  if (errors.length) throw importError(errors);
  if (rows.length === 0) throw new AppError('IMPORT_INVALID', '导入失败：表中没有建议。没有写入任何数据。', []);
  const units = await c.tasks.assignableUnits(actor);
  const byName = new Map<string, string[]>();
  for (const u of units) for (const n of new Set([u.name, u.shortName].filter(Boolean) as string[])) byName.set(n, [...(byName.get(n) ?? []), u.id]);
  const names = [...new Set(rows.flatMap((r) => splitNames(r.values.proposers ?? '')))];
  const deputies = names.length
    ? await c.db.selectFrom('users as u').innerJoin('role_grants as g', (j) => j.onRef('g.tenant_id', '=', 'u.tenant_id').onRef('g.user_id', '=', 'u.id')).select(['u.id', 'u.display_name']).distinct().where('u.tenant_id', '=', actor.tenantId).where('u.active', '=', true).where('g.role', '=', 'deputy').where('u.display_name', 'in', names).execute()
    : [];
  const problems: SheetError[] = [];
  const out: ImportRow[] = [];
  for (const r of rows) {
    const v = r.values;
    const err = (column: Key, message: string) => problems.push({ row: r.row, column: HEADERS[column], message });
    const kind = KIND_BY_WORD.get(v.kind?.trim() ?? '');
    if (!kind) err('kind', `类别应为 ${Object.values(SUGGESTION_KINDS).join('、')} 之一`);
    if (!v.session?.trim()) err('session', '请填写届次');
    if (!v.title?.trim()) err('title', '请填写标题');
    const proposers = splitNames(v.proposers ?? '');
    if (proposers.length === 0) err('proposers', '请填写提出人');
    const unit = (name: string, column: Key): string | null => {
      const ids = byName.get(name) ?? [];
      if (ids.length === 1) return ids[0]!;
      err(column, ids.length ? `“${name}”对应多个单位，请写全称` : `找不到单位“${name}”，或不在您的数据范围内`);
      return null;
    };
    const main = v.mainUnit?.trim() ? unit(v.mainUnit.trim(), 'mainUnit') : null;
    const cos = splitNames(v.coUnits ?? '').map((n) => unit(n, 'coUnits')).filter((u): u is string => u !== null);
    if (!main && splitNames(v.coUnits ?? '').length) err('mainUnit', '填写了协办单位时请填写主办单位');
    const accounts = proposers.map((n) => deputies.filter((d) => d.display_name === n));
    const ambiguous = proposers.find((_, i) => accounts[i]!.length > 1);
    if (ambiguous) err('proposers', `“${ambiguous}”对应多个代表账号`);
    out.push({
      row: r.row,
      input: {
        kind: kind ?? 'suggestion',
        number: v.number?.trim() || undefined,
        session: v.session?.trim() ?? '',
        title: v.title?.trim() ?? '',
        content: v.content?.trim() ?? '',
        proposerUserIds: accounts.filter((a) => a.length === 1).map((a) => a[0]!.id),
        proposerNames: proposers.filter((_, i) => accounts[i]!.length === 0),
      },
      assign: main ? { mainUnitId: main, coUnitIds: cos } : null,
    });
  }
  if (problems.length) throw importError(problems);
  return c.suggestions.importRows(actor, out);
}
