import ExcelJS from 'exceljs';
import type { Actor } from '../../access/index.ts';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { cellText, firstSheet, writeSheet } from '../../reports/excel.ts';
import { parseDivisionTable } from '../../supervision/rules/division-table.ts';
import { STATUS_LABELS, type TaskStatus } from '../../supervision/rules/transitions.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { TaskFilter } from '../../supervision/task.service.ts';

const LIGHT_LABELS = { green: '绿灯', yellow: '黄灯', red: '红灯', none: '—' } as const;
const EXPORT_MAX = 50_000;

/** The filtered task list as an .xlsx file. */
export async function exportTasks(c: Container, actor: Actor, filter: TaskFilter): Promise<Buffer> {
  const page = await c.tasks.list(actor, { ...filter, page: 1, pageSize: EXPORT_MAX });
  const rows = page.data;
  return writeSheet('任务清单', [
    { header: '序号', width: 6, values: rows.map((_, i) => i + 1) },
    { header: '任务', width: 40, values: rows.map((r) => r.title) },
    { header: '类别', width: 12, values: rows.map((r) => r.category ?? '') },
    { header: '承办单位', width: 22, values: rows.map((r) => r.owner_unit_name) },
    { header: '状态', width: 10, values: rows.map((r) => STATUS_LABELS[r.status as TaskStatus]) },
    { header: '灯色', width: 8, values: rows.map((r) => LIGHT_LABELS[r.light]) },
    { header: '原因', width: 30, values: rows.map((r) => r.light_reason) },
    { header: '进度(%)', width: 9, values: rows.map((r) => Number(r.percent)) },
    { header: '完成时限', width: 12, values: rows.map((r) => r.deadline ?? '') },
    { header: '最近报送', width: 18, values: rows.map((r) => (r.last_report_at ? shanghaiDate(r.last_report_at) : '')) },
    { header: '交办日期', width: 12, values: rows.map((r) => r.start_date ?? '') },
  ]);
}

/** The import template: the usual task-division table (任务分工表) and a sheet of instructions. */
export async function taskTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('任务分工表', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '序号', width: 6 },
    { header: '任务', width: 36 },
    { header: '工作内容', width: 50 },
    { header: '牵头单位', width: 22 },
    { header: '配合单位', width: 30 },
    { header: '完成时限', width: 14 },
  ];
  sheet.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('填写说明');
  for (const line of [
    '每行一项任务;标题行之前可以有文件标题。',
    '“任务”必填;“工作内容”可写具体措施。',
    '“牵头单位”“配合单位”填写组织机构中的单位全称或简称,多个单位用顿号(、)分隔;也可只填“责任单位”一列,标注(牵头)的单位或第一个单位为牵头单位。',
    '“完成时限”必填,可写 2026年6月30日、6月底前、年底前、三季度末 等;没有截止日期的常态化工作填写“长期坚持”(或“长期”),按月报送进展、按报送情况亮灯。',
    '任何一行有错误时整份表格都不会导入,系统会列出每一处错误的行号和列名。',
  ])
    help.addRow([line]);
  help.getColumn(1).width = 120;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Imports a task-division table: every row becomes an assigned task with its lead and co units
 * matched to the organisation tree. All rows are created in one transaction or none.
 */
export async function importTasks(c: Container, actor: Actor, file: Buffer, dryRun: boolean) {
  if (actor.readOnly || !actor.grants.some((g) => g.role === 'supervisor')) throw new AppError('FORBIDDEN', '只有督查人员可以导入任务');
  const ws = await firstSheet(file);
  const rows: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let col = 1; col <= Math.max(ws.columnCount, row.cellCount); col++) cells.push(cellText(row.getCell(col)));
    rows.push(cells);
  }
  const units = await c.tasks.assignableUnits(actor);
  const parsed = parseDivisionTable(rows, units, shanghaiDate(c.clock.now()), 1);
  if (parsed.errors.length === 0 && parsed.rows.length === 0) parsed.errors.push({ row: 1, column: '', message: '没有找到任务行:请检查标题行是否有“任务”列' });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0]!;
    throw new AppError('IMPORT_INVALID', `导入失败:${parsed.errors.length} 处错误,第一处在第 ${first.row} 行${first.column ? `“${first.column}”列` : ''}:${first.message}。没有写入任何数据。`, parsed.errors);
  }
  const preview = parsed.rows.map((r) => ({ row: r.row, title: r.title, leadUnits: r.leadUnits.map((u) => u.name), coUnits: r.coUnits.map((u) => u.name), deadline: r.deadline, deadlineText: r.deadlineText, longTerm: r.longTerm }));
  const inputs = parsed.rows.map((r) => ({ title: r.title, content: r.content, leadUnitIds: r.leadUnits.map((u) => u.id), coUnitIds: r.coUnits.map((u) => u.id), deadline: r.deadline, longTerm: r.longTerm }));
  // The preview checks what the import would: a bad row is named before anything is written.
  const problem = await c.tasks.checkNew(actor, inputs);
  if (problem) {
    const row = parsed.rows[problem.index]!.row;
    const column = problem.field === 'leadUnitIds' ? '牵头单位' : problem.field === 'coUnitIds' ? '配合单位' : problem.field === 'deadline' || problem.field === 'reportCycle' ? '完成时限' : '';
    throw new AppError('IMPORT_INVALID', `导入失败:第 ${row} 行${column ? `“${column}”列` : ''}:${problem.message}。没有写入任何数据。`, [{ row, column, message: problem.message }]);
  }
  // A warning, not an error: units nobody can acknowledge for.
  const withoutActor = await c.tasks.unitCheck(actor, inputs.flatMap((i) => [...i.leadUnitIds, ...i.coUnitIds]));
  if (dryRun) return { created: 0, rows: preview, withoutActor };
  await c.db.transaction().execute(async (tx) => {
    for (const input of inputs) await c.tasks.createIn(tx, actor, input);
    await c.audit.record(tx, actor, { action: 'task.import', entityType: 'task', summary: `导入任务分工表:${inputs.length} 项`, after: { count: inputs.length } });
  });
  return { created: inputs.length, rows: preview, withoutActor };
}
