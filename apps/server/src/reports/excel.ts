import ExcelJS from 'exceljs';
import { LIMITS } from '@luoshi/shared';
import { AppError } from '../errors.ts';

/** One problem in an imported sheet, named by its Excel row number and column header. */
export interface SheetError {
  row: number;
  column: string;
  message: string;
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

/** The first worksheet of an uploaded .xlsx file; an import error when it is not one. */
export async function firstSheet(file: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取文件:请上传 Excel (.xlsx) 文件', [{ row: 0, column: '', message: '不是有效的 .xlsx 文件' }]);
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
): Promise<{ rows: SheetRow<K>[]; errors: SheetError[] }> {
  const sheet = await firstSheet(file);
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
