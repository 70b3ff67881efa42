import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeightRule,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
} from 'docx';

/** What a printed supervision order (督办通知单) shows; dates are 'YYYY-MM-DD'. */
export interface SupervisionOrderView {
  number: string;
  level: 'blue' | 'yellow' | 'red';
  taskTitle: string;
  recipientUnit: string;
  /** The co-units (配合单位) of the task, each answering for its own part; the row is left out when none. */
  coUnits?: string[] | undefined;
  recipientLeaders: string[];
  matter: string;
  requirements: string;
  replyDeadline: string;
  taskDeadline: string | null;
  issuingOffice: string;
  issuedDate: string;
  /** Printed on demo data so a sample is never mistaken for a real order. */
  isDemo?: boolean;
}

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–31 as written in a Chinese date: 十, 十二, 二十, 三十一. */
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones === 0 ? '' : CN_DIGITS[ones]}`;
}

/** A date as official documents write it in words: '2026-03-02' → '二〇二六年三月二日'. */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  const year = [...m[1]!].map((d) => CN_DIGITS[Number(d)]).join('');
  return `${year}年${chineseNumber(Number(m[2]))}月${chineseNumber(Number(m[3]))}日`;
}

// 1 cm = 567 twips. Margins as in the party and government document format (GB/T 9704).
export const CM = 567;
export const MARGIN = { top: Math.round(3.7 * CM), bottom: Math.round(3.5 * CM), left: Math.round(2.8 * CM), right: Math.round(2.6 * CM) };
export const A4 = { width: 11906, height: 16838 };
export const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const LABEL_WIDTH = Math.round(3.4 * CM);

// Sizes are in half-points: 二号 22pt, 三号 16pt, 四号 14pt.
export const SIZE_TITLE = 44;
export const SIZE_BODY = 32;
export const SIZE_NOTE = 28;

// Government PCs have the GB2312 fonts; Word and WPS substitute 仿宋/宋体/黑体 elsewhere, so the
// Latin slots name fonts every Windows has.
export const FONT_TITLE = { eastAsia: '方正小标宋简体', ascii: 'SimSun', hAnsi: 'SimSun' };
export const FONT_BODY = { eastAsia: '仿宋_GB2312', ascii: 'FangSong', hAnsi: 'FangSong' };
export const FONT_LABEL = { eastAsia: '黑体', ascii: 'SimHei', hAnsi: 'SimHei' };

const RED = 'E60012';
const LEVELS: Record<SupervisionOrderView['level'], { label: string; color: string }> = {
  red: { label: '（红色督办）', color: RED },
  // A dark amber: pure yellow text cannot be read on white paper.
  yellow: { label: '（黄色督办）', color: 'D48806' },
  blue: { label: '（蓝色督办）', color: '0050B3' },
};

/** Body text at exact 28pt lines, the fixed line pitch of official documents. */
export const BODY_SPACING = { line: 560, lineRule: LineRuleType.EXACT };

/** A one-section A4 document with the GB/T 9704 margins, packed: the frame every report of this layout shares. */
export async function officialDocx(title: string, children: (Paragraph | Table)[]): Promise<Buffer> {
  const doc = new Document({ creator: 'Luoshi 落实', title, sections: [{ properties: { page: { size: { width: A4.width, height: A4.height }, margin: MARGIN } }, children }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

export function run(text: string, font: typeof FONT_BODY, size = SIZE_BODY, extra: { bold?: boolean; color?: string } = {}): TextRun {
  return new TextRun({ text, font, size, ...extra });
}

/** Multi-line text keeps its line breaks; each line becomes its own paragraph. */
function textParagraphs(text: string): Paragraph[] {
  return text.split(/\r?\n/).map((line) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: BODY_SPACING, children: [run(line, FONT_BODY)] }));
}

const CELL_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
export const CELL_BORDERS = { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER };

/** One row of the form: a 黑体 label on the left, the content on the right. */
function formRow(label: string, value: string, minHeightCm: number): TableRow {
  return new TableRow({
    cantSplit: true,
    height: { value: Math.round(minHeightCm * CM), rule: HeightRule.ATLEAST },
    children: [
      new TableCell({
        width: { size: LABEL_WIDTH, type: WidthType.DXA },
        verticalAlign: VerticalAlign.CENTER,
        borders: CELL_BORDERS,
        margins: { left: 100, right: 100 },
        // Labels are spread across the cell, as printed forms do.
        children: [new Paragraph({ alignment: AlignmentType.DISTRIBUTE, children: [run(label, FONT_LABEL)] })],
      }),
      new TableCell({
        width: { size: TEXT_WIDTH - LABEL_WIDTH, type: WidthType.DXA },
        verticalAlign: VerticalAlign.CENTER,
        borders: CELL_BORDERS,
        margins: { left: 160, right: 160, top: 80, bottom: 80 },
        children: textParagraphs(value || ' '),
      }),
    ],
  });
}

/** The printable 督办通知单 as .docx bytes: A4, red title, the level in its colour, a bordered form. */
export async function buildSupervisionOrderDocx(view: SupervisionOrderView): Promise<Buffer> {
  const level = LEVELS[view.level];
  // A 配合单位 row takes its height from the two tall rows, so the form still fits one A4 page.
  const coRow = view.coUnits?.length ? 1.2 : 0;
  const rows: TableRow[] = [
    formRow('督办事项', view.taskTitle, 1.6),
    formRow('承办单位', view.recipientUnit, 1.2),
    ...(view.coUnits?.length ? [formRow('配合单位', view.coUnits.join('、'), 1.2)] : []),
    formRow('责任领导', view.recipientLeaders.join('、'), 1.2),
    formRow('督办内容', view.matter, 4.2 - coRow * 0.6),
    formRow('督办要求', view.requirements, 3.2 - coRow * 0.4),
  ];
  if (view.taskDeadline) rows.push(formRow('办理时限', `${chineseDate(view.taskDeadline)}前`, 1.2));
  rows.push(formRow('回复时限', `${chineseDate(view.replyDeadline)}前`, 1.2));

  const demo = view.isDemo
    ? {
        default: new Header({
          children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run('演示数据 · 非正式文件', FONT_LABEL, SIZE_NOTE, { color: '999999' })] })],
        }),
      }
    : undefined;

  const doc = new Document({
    creator: 'Luoshi 落实',
    title: `督办通知单 ${view.number}`,
    sections: [
      {
        properties: {
          page: { size: { width: A4.width, height: A4.height }, margin: { ...MARGIN, header: Math.round(1.5 * CM), footer: Math.round(2.2 * CM) } },
        },
        ...(demo ? { headers: demo } : {}),
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [run('注：请于回复时限前将办理情况书面报送督查室。', FONT_BODY, SIZE_NOTE)] })],
          }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 120 },
            children: [run('督 办 通 知 单', FONT_TITLE, SIZE_TITLE, { color: RED })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 120 },
            children: [run(level.label, FONT_LABEL, SIZE_BODY, { color: level.color })],
          }),
          // The red rule under the heading, with the number right-aligned just above it.
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { after: 240 },
            border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
            children: [run(view.number, FONT_BODY)],
          }),
          new Table({
            width: { size: TEXT_WIDTH, type: WidthType.DXA },
            columnWidths: [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
            layout: TableLayoutType.FIXED,
            alignment: AlignmentType.CENTER,
            rows,
          }),
          new Paragraph({ spacing: { before: 480 }, children: [] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: BODY_SPACING, indent: { right: 4 * 320 }, children: [run(view.issuingOffice, FONT_BODY)] }),
          new Paragraph({ alignment: AlignmentType.RIGHT, spacing: BODY_SPACING, indent: { right: 4 * 320 }, children: [run(chineseDate(view.issuedDate), FONT_BODY)] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
