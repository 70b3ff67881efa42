import type { Actor } from '../../access/index.ts';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { TaskRow } from '../../db/schema.ts';
import { addHelpSheet, cellText, firstSheet, writeLedger, type LedgerColumn, type SheetError } from '../../reports/excel.ts';
import { parseDivisionTable, type DivisionRow } from '../../supervision/rules/division-table.ts';
import { STATUS_LABELS, TASK_STATUSES, type TaskStatus } from '../../supervision/rules/transitions.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { TaskFilter, TaskPatch } from '../../supervision/task.service.ts';

const LIGHT_LABELS = { green: '绿灯', yellow: '黄灯', red: '红灯', none: '—' } as const;
const LIGHT_FILLS = { green: 'FFC6EFCE', yellow: 'FFFFEB9C', red: 'FFFFC7CE', none: null } as const;
const EXPORT_MAX = 50_000;
const PROGRESS_MAX = 300;

/** The columns of the 台账, shared by the export and the import template so an export imports back. */
export const LEDGER_COLUMNS: LedgerColumn[] = [
  { header: '序号', width: 6, align: 'center' },
  { header: '任务', width: 26 },
  { header: '工作内容', width: 38 },
  { header: '牵头单位', width: 16 },
  { header: '配合单位', width: 18 },
  { header: '责任领导', width: 10, align: 'center' },
  { header: '完成时限', width: 15, numFmt: 'yyyy"年"m"月"d"日"', align: 'center' },
  { header: '进度', width: 7, numFmt: '0"%"', align: 'center' },
  { header: '最新进展', width: 34 },
  { header: '灯', width: 6, align: 'center' },
  { header: '状态', width: 9, align: 'center' },
  { header: '任务编号', width: 38, noPrint: true },
];

export interface ExportOptions {
  /** Cancelled tasks are left out unless asked for (or filtered for by status). */
  includeCancelled?: boolean | undefined;
  sheetName?: string;
  title?: string;
}

/** Each task's lead and co units as the division table names them (a split task's lead parts, its co parts). */
async function unitsOf(c: Container, tenantId: string, tasks: { id: string; owner_unit_id: string; issuer_unit_id: string; owner_unit_name: string }[], db: Executor = c.db) {
  const ids = tasks.map((t) => t.id);
  const parts = ids.length
    ? await db
        .selectFrom('tasks as p')
        .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'p.tenant_id').onRef('o.id', '=', 'p.owner_unit_id'))
        .select(['p.parent_id', 'p.unit_role', 'p.issuer_unit_id', 'p.owner_unit_id', 'o.name'])
        .where('p.tenant_id', '=', tenantId)
        .where(sql<boolean>`p.parent_id = ANY(${ids}::uuid[])`)
        .where('p.deleted_at', 'is', null)
        .where('p.status', '!=', 'cancelled')
        .orderBy('p.created_at')
        .execute()
    : [];
  const byParent = new Map<string, typeof parts>();
  for (const p of parts) {
    const list = byParent.get(p.parent_id!);
    if (list) list.push(p);
    else byParent.set(p.parent_id!, [p]);
  }
  const out = new Map<string, { lead: { id: string; name: string }[]; co: { id: string; name: string }[] }>();
  for (const t of tasks) {
    // Parts issued with the task (not a unit's own decomposition) are its lead and co units.
    const mine = (byParent.get(t.id) ?? []).filter((p) => p.issuer_unit_id === t.issuer_unit_id);
    const leadParts = t.owner_unit_id === t.issuer_unit_id ? mine.filter((p) => p.unit_role === 'lead') : [];
    const lead = leadParts.length ? leadParts.map((p) => ({ id: p.owner_unit_id, name: p.name })) : [{ id: t.owner_unit_id, name: t.owner_unit_name }];
    out.set(t.id, { lead, co: mine.filter((p) => p.unit_role === 'co').map((p) => ({ id: p.owner_unit_id, name: p.name })) });
  }
  return out;
}

/** The filtered task list as a printable 台账 (.xlsx) in the import template's columns. */
export async function exportTasks(c: Container, actor: Actor, filter: TaskFilter, options: ExportOptions = {}): Promise<Buffer> {
  const status = filter.status?.length ? filter.status : options.includeCancelled ? undefined : TASK_STATUSES.filter((s) => s !== 'cancelled');
  const page = await c.tasks.list(actor, { ...filter, status, page: 1, pageSize: EXPORT_MAX });
  const rows = page.data;
  const ids = rows.map((r) => r.id);
  const leaderIds = [...new Set(rows.flatMap((r) => r.responsible_leader_ids))];
  const [units, leaders, latest] = await Promise.all([
    unitsOf(c, actor.tenantId, rows),
    leaderIds.length ? c.db.selectFrom('users').select(['id', 'display_name']).where('tenant_id', '=', actor.tenantId).where('id', 'in', leaderIds).execute() : Promise.resolve([]),
    ids.length
      ? c.db
          .selectFrom('progress_reports')
          .distinctOn('task_id')
          .select(['task_id', 'done', 'reported_at'])
          .where('tenant_id', '=', actor.tenantId)
          .where(sql<boolean>`task_id = ANY(${ids}::uuid[])`)
          .where('status', '=', 'submitted')
          .orderBy('task_id')
          .orderBy('reported_at', 'desc')
          .execute()
      : Promise.resolve([]),
  ]);
  const leaderName = new Map(leaders.map((l) => [l.id, l.display_name]));
  const progress = new Map(latest.map((p) => [p.task_id, `${shanghaiDate(p.reported_at)} ${p.done.length > PROGRESS_MAX ? `${p.done.slice(0, PROGRESS_MAX)}…` : p.done}`]));
  const today = shanghaiDate(c.clock.now());
  const [y, m, d] = today.split('-').map(Number);
  return writeLedger({
    sheetName: options.sheetName ?? '任务台账',
    title: options.title ?? '督查任务台账',
    subtitle: `截至${y}年${m}月${d}日，共 ${rows.length} 项`,
    columns: LEDGER_COLUMNS,
    rows: rows.map((r, i) => {
      const u = units.get(r.id)!;
      return [
        i + 1,
        r.title,
        r.content,
        u.lead.map((x) => x.name).join('、'),
        u.co.map((x) => x.name).join('、'),
        r.responsible_leader_ids.map((id) => leaderName.get(id) ?? '').filter(Boolean).join('、'),
        r.long_term ? '长期坚持' : r.deadline ? new Date(`${r.deadline}T00:00:00Z`) : null,
        Number(r.percent),
        progress.get(r.id) ?? '',
        LIGHT_LABELS[r.light],
        STATUS_LABELS[r.status as TaskStatus],
        r.id,
      ];
    }),
    fill: (i, col) => (LEDGER_COLUMNS[col]!.header === '灯' ? LIGHT_FILLS[rows[i]!.light] : null),
  });
}

/** The import template: the 台账's columns without rows (so an exported 台账 imports back), and a sheet of instructions. */
export async function taskTemplate(): Promise<Buffer> {
  return writeLedger({ sheetName: '任务分工表', title: '任务分工表', subtitle: '填写说明见“填写说明”工作表', columns: LEDGER_COLUMNS, rows: [] }, (wb) =>
    addHelpSheet(wb, [
      '每行一项任务；标题行之前可以有文件标题。',
      '“任务”必填；“工作内容”可写具体措施。',
      '“牵头单位”“配合单位”填写组织机构中的单位全称或简称，多个单位用顿号（、）分隔；也可只填“责任单位”一列，标注（牵头）的单位或第一个单位为牵头单位。',
      '“责任领导”填写领导账号的姓名，多人用顿号分隔，可不填。',
      '“完成时限”必填，可写 2026年6月30日、6月底前、年底前、三季度末 等；没有截止日期的常态化工作填写“长期坚持”（或“长期”），按月报送进展、按报送情况亮灯。',
      '“进度”“最新进展”“灯”“状态”由系统填写，导入时不读取。',
      '“任务编号”留空表示新任务；从系统导出的台账保留编号，修改后导入即更新对应任务（任务、工作内容、责任领导、完成时限），不会重复新建。',
      '任何一行有错误时整份表格都不会导入，系统会列出每一处错误的行号和列名。',
    ]),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sheet column an edit's field came from, for a row's error. */
const FIELD_COLUMNS: Record<string, string> = { title: '任务', content: '工作内容', deadline: '完成时限', reportCycle: '完成时限', responsibleLeaderIds: '责任领导', leadUnitIds: '牵头单位', coUnitIds: '配合单位' };

function importError(errors: SheetError[]): AppError {
  const first = errors[0]!;
  return new AppError('IMPORT_INVALID', `导入失败：${errors.length} 处错误，第一处在第 ${first.row} 行${first.column ? `“${first.column}”列` : ''}：${first.message}。没有写入任何数据。`, errors);
}

/** Leader names → account ids (active accounts holding a leader role); unknown or ambiguous names are row errors. */
async function resolveLeaders(c: Container, actor: Actor, rows: DivisionRow[], errors: SheetError[]): Promise<Map<number, string[]>> {
  const names = [...new Set(rows.flatMap((r) => r.leaders ?? []))];
  const found = names.length
    ? await c.db
        .selectFrom('users as u')
        .select(['u.id', 'u.display_name'])
        .distinct()
        .where('u.tenant_id', '=', actor.tenantId)
        .where('u.active', '=', true)
        .where('u.display_name', 'in', names)
        .where((eb) => eb.exists(eb.selectFrom('role_grants as g').select('g.id').whereRef('g.tenant_id', '=', 'u.tenant_id').whereRef('g.user_id', '=', 'u.id').where('g.role', '=', 'leader')))
        .execute()
    : [];
  const byName = new Map<string, string[]>();
  for (const u of found) byName.set(u.display_name, [...(byName.get(u.display_name) ?? []), u.id]);
  const out = new Map<number, string[]>();
  for (const r of rows) {
    if (!r.leaders) continue;
    const ids: string[] = [];
    for (const name of r.leaders) {
      const match = byName.get(name) ?? [];
      if (match.length === 1) ids.push(match[0]!);
      else errors.push({ row: r.row, column: '责任领导', message: match.length ? `“${name}”对应多个领导账号` : `找不到领导“${name}”：请填写领导账号的姓名` });
    }
    out.set(r.row, [...new Set(ids)]);
  }
  return out;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

class DryRun extends Error {}

/**
 * Imports a task-division table. A row without 任务编号 becomes a new assigned task with its lead
 * and co units matched to the organisation tree; a row carrying the 任务编号 of an exported 台账
 * updates that task through the normal edit (任务, 工作内容, 责任领导, 完成时限) and is left alone when
 * nothing changed. All rows are written in one transaction or none; a dry run makes every check
 * (the edits included) and rolls back.
 */
export async function importTasks(c: Container, actor: Actor, file: Buffer, dryRun: boolean, fileName?: string) {
  if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw new AppError('FORBIDDEN', '只有督查人员可以导入任务');
  const ws = await firstSheet(file, fileName);
  const rows: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let col = 1; col <= Math.max(ws.columnCount, row.cellCount); col++) cells.push(cellText(row.getCell(col)));
    rows.push(cells);
  }
  const units = await c.tasks.assignableUnits(actor);
  const parsed = parseDivisionTable(rows, units, shanghaiDate(c.clock.now()), 1);
  if (parsed.errors.length === 0 && parsed.rows.length === 0) parsed.errors.push({ row: 1, column: '', message: '没有找到任务行：请检查标题行是否有“任务”列' });
  const errors: SheetError[] = [...parsed.errors];
  const leaders = await resolveLeaders(c, actor, parsed.rows, errors);
  const seen = new Map<string, number>();
  for (const r of parsed.rows) {
    if (!r.number) continue;
    if (!UUID.test(r.number)) errors.push({ row: r.row, column: '任务编号', message: `任务编号“${r.number}”不存在：新任务请留空` });
    else if (seen.has(r.number.toLowerCase())) errors.push({ row: r.row, column: '任务编号', message: `与第 ${seen.get(r.number.toLowerCase())} 行的任务编号重复` });
    else seen.set(r.number.toLowerCase(), r.row);
  }
  if (errors.length > 0) throw importError(errors.sort((a, b) => a.row - b.row));

  const fresh = parsed.rows.filter((r) => !r.number);
  const known = parsed.rows.filter((r) => r.number);
  const inputs = fresh.map((r) => ({ title: r.title, content: r.content, leadUnitIds: r.leadUnits.map((u) => u.id), coUnitIds: r.coUnits.map((u) => u.id), deadline: r.deadline, longTerm: r.longTerm, responsibleLeaderIds: leaders.get(r.row) ?? [] }));
  const problem = inputs.length ? await c.tasks.checkNew(actor, inputs) : null;
  if (problem) {
    const row = fresh[problem.index]!.row;
    const column = FIELD_COLUMNS[problem.field] ?? '';
    throw new AppError('IMPORT_INVALID', `导入失败：第 ${row} 行${column ? `“${column}”列` : ''}：${problem.message}。没有写入任何数据。`, [{ row, column, message: problem.message }]);
  }

  // A warning, not an error: units nobody can acknowledge for.
  const withoutActor = await c.tasks.unitCheck(actor, inputs.flatMap((i) => [...i.leadUnitIds, ...i.coUnitIds]));
  const actions = new Map<number, 'create' | 'update' | 'unchanged'>(fresh.map((r) => [r.row, 'create']));
  let updated = 0;
  try {
    await c.db.transaction().execute(async (tx) => {
      // Every row is compared with the tasks as they were before the import: an edit that parts
      // follow (a retitled task's co part) must not make the part's own, untouched row an edit.
      const edits: { row: number; taskId: string; patch: TaskPatch }[] = [];
      const loaded: { r: DivisionRow; task: TaskRow }[] = [];
      for (const r of known) {
        try {
          loaded.push({ r, task: (await c.tasks.load(actor, r.number!, tx)).task });
        } catch (e) {
          if (e instanceof AppError && e.code === 'NOT_FOUND') throw importError([{ row: r.row, column: '任务编号', message: `任务编号“${r.number}”不存在或不在您的数据范围内` }]);
          throw e;
        }
      }
      // Every known task's lead and co units in one look-up.
      const unitsNow = await unitsOf(c, actor.tenantId, loaded.map(({ task }) => ({ ...task, owner_unit_name: '' })), tx);
      for (const { r, task } of loaded) {
        const current = unitsNow.get(task.id)!;
        if (!sameSet(current.lead.map((u) => u.id), r.leadUnits.map((u) => u.id))) throw importError([{ row: r.row, column: '牵头单位', message: '导入不能更改已有任务的牵头单位，请在任务详情中调整' }]);
        if (!sameSet(current.co.map((u) => u.id), r.coUnits.map((u) => u.id))) throw importError([{ row: r.row, column: '配合单位', message: '导入不能更改已有任务的配合单位，请在任务详情中调整' }]);
        const patch: TaskPatch = {};
        if (r.title !== task.title) patch.title = r.title;
        if (r.content !== task.content) patch.content = r.content;
        if (r.deadline !== task.deadline) patch.deadline = r.deadline;
        if (r.longTerm !== task.long_term) patch.longTerm = r.longTerm;
        const leaderIds = leaders.get(r.row);
        if (leaderIds && !sameSet(leaderIds, task.responsible_leader_ids)) patch.responsibleLeaderIds = leaderIds;
        if (Object.keys(patch).length === 0) actions.set(r.row, 'unchanged');
        else edits.push({ row: r.row, taskId: task.id, patch });
      }
      for (const edit of edits) {
        try {
          await c.tasks.update(actor, edit.taskId, edit.patch, tx);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const detail = (e.details as { field?: string; message?: string }[] | undefined)?.[0];
          throw importError([{ row: edit.row, column: (detail?.field && FIELD_COLUMNS[detail.field]) || '任务编号', message: detail?.message ?? e.message }]);
        }
        actions.set(edit.row, 'update');
        updated++;
      }
      for (const input of inputs) await c.tasks.createIn(tx, actor, input);
      await c.audit.record(tx, actor, { action: 'task.import', entityType: 'task', summary: `导入任务分工表：新建 ${inputs.length} 项，更新 ${updated} 项`, after: { created: inputs.length, updated } });
      if (dryRun) throw new DryRun();
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  const preview = parsed.rows.map((r) => ({ row: r.row, title: r.title, leadUnits: r.leadUnits.map((u) => u.name), coUnits: r.coUnits.map((u) => u.name), deadline: r.deadline, deadlineText: r.deadlineText, longTerm: r.longTerm, action: actions.get(r.row)! }));
  return dryRun ? { created: 0, updated: 0, rows: preview, withoutActor } : { created: inputs.length, updated, rows: preview, withoutActor };
}
