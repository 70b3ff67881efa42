import ExcelJS from 'exceljs';
import { LIMITS } from '@luoshi/shared';
import { AppError } from '../errors.ts';
import { checkZip, EXCEL_ZIP_LIMITS, ZipGuardError } from '../lib/zip-guard.ts';

/** One problem in an imported sheet, named by its Excel row number and column header. */
export interface SheetError {
  row: number;
  column: string;
  message: string;
}

/** The all-or-nothing refusal of an import: how many errors, where the first is, and every error as details. */
export function importError(errors: SheetError[]): AppError {
  const first = errors[0]!;
  return new AppError('IMPORT_INVALID', `导入失败：${errors.length} 处错误，第一处在第 ${first.row} 行${first.column ? `“${first.column}”列` : ''}：${first.message}。没有写入任何数据。`, errors);
}

export interface SheetRow<K extends string> {
  row: number;
  values: Partial<Record<K, string>>;
}

/** Text of a cell whatever its type (rich text, formula result, number, date). */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('result' in v) return String(v.result ?? '').trim();
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

/**
 * The first worksheet of an uploaded .xlsx file; an import error when it is not one. The archive
 * passes the zip guard before exceljs (which inflates every entry whole) sees it: a bomb is a 413.
 */
export async function firstSheet(file: Buffer, fileName = 'Excel 文件'): Promise<ExcelJS.Worksheet> {
  const notXlsx = (message: string) => new AppError('IMPORT_INVALID', message, [{ row: 0, column: '', message: '不是有效的 .xlsx 文件' }]);
  try {
    await checkZip(file, fileName, EXCEL_ZIP_LIMITS);
  } catch (err) {
    if (!(err instanceof ZipGuardError)) throw err;
    if (err.reason === 'tooLarge') throw new AppError('PAYLOAD_TOO_LARGE', err.message, [{ row: 0, column: '', message: '文件解压后过大' }]);
    throw notXlsx(`无法读取「${fileName}」：请上传 Excel (.xlsx) 文件`);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw notXlsx(`无法读取「${fileName}」：请上传 Excel (.xlsx) 文件`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('IMPORT_INVALID', '文件中没有工作表', []);
  return sheet;
}

/**
 * Reads the first sheet of an .xlsx file whose header row names the given columns (in any order).
 * Blank rows are skipped; missing required headers are errors on row 1.
 */
export async function readSheet<K extends string>(
  file: Buffer,
  columns: Record<K, string>,
  required: K[],
  fileName?: string,
): Promise<{ rows: SheetRow<K>[]; errors: SheetError[] }> {
  const sheet = await firstSheet(file, fileName);
  // The header is the first row that names a required column, so a title row above it is allowed.
  let headerRow = 1;
  const index = new Map<K, number>();
  for (let r = 1; r <= Math.min(sheet.rowCount, 10); r++) {
    const row = sheet.getRow(r);
    const found = new Map<K, number>();
    row.eachCell((cell, col) => {
      const text = cellText(cell).replace(/\s+/g, '');
      for (const [key, header] of Object.entries(columns) as [K, string][]) if (text === header) found.set(key, col);
    });
    if (required.some((k) => found.has(k))) {
      headerRow = r;
      for (const [k, v] of found) index.set(k, v);
      break;
    }
  }
  const errors: SheetError[] = [];
  for (const k of required) {
    if (!index.has(k)) errors.push({ row: headerRow, column: columns[k], message: `缺少“${columns[k]}”列` });
  }
  if (errors.length > 0) return { rows: [], errors };
  const rows: SheetRow<K>[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: Partial<Record<K, string>> = {};
    let any = false;
    for (const [k, col] of index) {
      const text = cellText(row.getCell(col));
      if (text) any = true;
      values[k] = text;
    }
    if (!any) continue;
    rows.push({ row: r, values });
    if (rows.length > LIMITS.importRowsMax) throw new AppError('IMPORT_INVALID', `一次最多导入 ${LIMITS.importRowsMax} 行`, []);
  }
  return { rows, errors };
}

export interface SheetColumn {
  header: string;
  width?: number;
  values: (string | number | Date | null)[];
}

/** Writes one sheet with a bold, frozen header row and returns the .xlsx bytes. */
export async function writeSheet(name: string, columns: SheetColumn[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Luoshi 落实';
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  const count = Math.max(0, ...columns.map((c) => c.values.length));
  for (let i = 0; i < count; i++) sheet.addRow(columns.map((c) => c.values[i] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface LedgerColumn {
  header: string;
  width: number;
  /** Excel number format (dates and percents stay numbers a spreadsheet can sort and sum). */
  numFmt?: string;
  align?: 'left' | 'center';
  /** Not printed (a key kept for re-import, such as 任务编号); must be the last columns. */
  noPrint?: boolean;
}

export type LedgerValue = string | number | Date | null;

export interface Ledger {
  sheetName: string;
  title: string;
  /** The line under the title: as-of date, scope. */
  subtitle: string;
  columns: LedgerColumn[];
  rows: LedgerValue[][];
  /** Optional fill (ARGB) per row and column, e.g. the light's colour. */
  fill?: (row: number, col: number) => string | null;
}

/** Lines a wrapped text needs in a column `width` characters wide (CJK characters count double). */
function wrappedLines(value: LedgerValue, width: number): number {
  if (typeof value !== 'string' || value === '') return 1;
  const room = Math.max(width - 1.5, 1);
  return value.split('\n').reduce((sum, line) => {
    let units = 0;
    for (const ch of line) units += ch.charCodeAt(0) > 0x2e7f ? 2 : 1.1;
    return sum + Math.max(1, Math.ceil(units / room));
  }, 0);
}

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** An import template's 填写说明 sheet: one instruction a line, in one wide column. */
export function addHelpSheet(workbook: ExcelJS.Workbook, lines: string[]): void {
  const help = workbook.addWorksheet('填写说明');
  for (const line of lines) help.addRow([line]);
  help.getColumn(1).width = 120;
}

/**
 * A 台账 as an office prints and files it: a title and an as-of line above a bordered, wrapped
 * table; A4 landscape fitted to the page width, the title and header rows repeated on every page,
 * page numbers in the footer. Columns marked noPrint stay outside the print area.
 */
export async function writeLedger(ledger: Ledger, extra?: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Luoshi 落实';
  addLedgerSheet(workbook, ledger);
  extra?.(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Adds one more ledger sheet to a workbook (for `writeLedger`'s `extra`). */
export function addLedgerSheet(workbook: ExcelJS.Workbook, ledger: Ledger): void {
  const headerRow = 3;
  const sheet = workbook.addWorksheet(ledger.sheetName, {
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  const cols = ledger.columns;
  sheet.columns = cols.map((c) => ({ width: c.width }));
  const printed = cols.filter((c) => !c.noPrint).length;
  const lastPrinted = sheet.getColumn(printed).letter;

  sheet.mergeCells(`A1:${lastPrinted}1`);
  const title = sheet.getCell('A1');
  title.value = ledger.title;
  title.font = { bold: true, size: 18, name: '宋体' };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 34;
  sheet.mergeCells(`A2:${lastPrinted}2`);
  const sub = sheet.getCell('A2');
  sub.value = ledger.subtitle;
  sub.font = { size: 11 };
  sub.alignment = { horizontal: 'right', vertical: 'middle' };
  sheet.getRow(2).height = 20;

  const head = sheet.getRow(headerRow);
  head.values = cols.map((c) => c.header);
  head.height = 24;
  head.eachCell((cell, col) => {
    cell.font = { bold: true, ...(cols[col - 1]?.noPrint ? { color: { argb: 'FF808080' } } : {}) };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  });

  // One style object per column (and per column and fill), shared by its cells: a style built per
  // cell cost most of a 10,000-row export's time in building and then de-duplicating them.
  const styles = cols.map((c): Partial<ExcelJS.Style> => ({
    border: BORDER,
    alignment: { horizontal: c.align ?? 'left', vertical: 'middle', wrapText: true },
    ...(c.numFmt ? { numFmt: c.numFmt } : {}),
    ...(c.noPrint ? { font: { color: { argb: 'FF808080' }, size: 8 } } : {}),
  }));
  const filled = new Map<string, Partial<ExcelJS.Style>>();
  const withFill = (j: number, argb: string) => {
    const key = `${j}:${argb}`;
    let style = filled.get(key);
    if (!style) filled.set(key, (style = { ...styles[j], fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } } }));
    return style;
  };
  ledger.rows.forEach((values, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    row.values = values.map((v) => v ?? '');
    // Row heights are set here: spreadsheets other than Excel do not grow wrapped rows on opening.
    row.height = Math.max(20, 6 + 15 * Math.max(...values.map((v, j) => (cols[j]?.noPrint ? 1 : wrappedLines(v, cols[j]?.width ?? 10)))));
    cols.forEach((_c, j) => {
      const fill = ledger.fill?.(i, j);
      row.getCell(j + 1).style = (fill ? withFill(j, fill) : styles[j]) as ExcelJS.Style;
    });
  });

  const lastRow = headerRow + Math.max(ledger.rows.length, 0);
  // Absolute rows as well as columns ($A$1): LibreOffice ignores a print area written as $A1.
  sheet.pageSetup.printArea = `A$1:${lastPrinted}$${lastRow}`;
  sheet.pageSetup.printTitlesRow = `1:${headerRow}`;
}
