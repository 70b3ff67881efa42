import { AlignmentType, Paragraph, Table, TableCell, TableLayoutType, TableRow, VerticalAlign, WidthType } from 'docx';
import { BODY_SPACING, CELL_BORDERS, chineseDate, CM, FONT_BODY, FONT_LABEL, FONT_TITLE, officialDocx, run, SIZE_BODY, SIZE_NOTE, SIZE_TITLE, TEXT_WIDTH } from './supervision-order.docx.ts';

/** What a campaign's summary (活动总结) reports; dates are 'YYYY-MM-DD', rates in percent. */
export interface CampaignSummaryView {
  title: string;
  kind: string;
  startDate: string;
  endDate: string;
  organizer: string;
  asOf: string;
  stages: { name: string; startDate: string; endDate: string; current: boolean }[];
  activities: { kind: string; title: string; heldOn: string; opinions: number }[];
  opinions: { total: number; task: number; problem: number; answered: number; open: number };
  totals: { found: number; rectifying: number; review: number; closed: number; overdue: number; rectificationRate: number; closeOutRate: number };
  byUnit: { unitName: string; found: number; closed: number; overdue: number; rectificationRate: number; closeOutRate: number }[];
  isDemo?: boolean;
}

export const heading = (text: string) => new Paragraph({ spacing: { before: 240, after: 120 }, children: [run(text, FONT_LABEL)] });
export const body = (text: string) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: BODY_SPACING, indent: { firstLine: 2 * 320 }, children: [run(text, FONT_BODY)] });

/** A bordered table in 四号 with a bold header row; widths in cm of every column but the last, which takes what is left. */
export function table(header: string[], rows: string[][], widthsCm: number[]): Table {
  const fixed = widthsCm.map((w) => Math.round(w * CM));
  const widths = [...fixed, TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0)];
  const cell = (text: string, i: number, bold: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      borders: CELL_BORDERS,
      margins: { left: 80, right: 80, top: 40, bottom: 40 },
      children: [new Paragraph({ alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER, children: [run(text, bold ? FONT_LABEL : FONT_BODY, SIZE_NOTE)] })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, true)) }), ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) }))],
  });
}

/** The campaign's summary as .docx: stages, activities held, opinions and what became of them, problems and rates by unit. */
export async function buildCampaignSummaryDocx(v: CampaignSummaryView): Promise<Buffer> {
  const t = v.totals;
  const o = v.opinions;
  return officialDocx(`${v.title}工作总结`, [
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(`${v.title}`, FONT_TITLE, SIZE_TITLE)] }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [run(`工作情况汇总（截至${chineseDate(v.asOf)}）`, FONT_BODY, SIZE_BODY)] }),
      ...(v.isDemo ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run('演示数据 · 非正式文件', FONT_LABEL, SIZE_NOTE, { color: '999999' })] })] : []),
      body(`${v.organizer}组织的${v.title}（${v.kind}）于${chineseDate(v.startDate)}至${chineseDate(v.endDate)}开展。共开展各类活动 ${v.activities.length} 次，收集意见建议 ${o.total} 条；查摆问题 ${t.found} 个，已销号 ${t.closed} 个，整改率 ${t.rectificationRate}%，销号率 ${t.closeOutRate}%${t.overdue ? `，逾期未整改 ${t.overdue} 个` : ''}。`),
      heading('一、阶段安排'),
      table(['阶段', '起止时间', '状态'], v.stages.map((s) => [s.name, `${s.startDate} 至 ${s.endDate}`, s.current ? '当前阶段' : s.endDate < v.asOf ? '已完成' : '未开始']), [4, 7]),
      heading('二、开展活动'),
      v.activities.length ? table(['活动', '形式', '日期', '意见建议'], v.activities.map((a) => [a.title, a.kind, a.heldOn, String(a.opinions)]), [6, 2.4, 3.6]) : body('尚未记录活动。'),
      heading('三、意见建议办理'),
      body(`收集意见建议 ${o.total} 条：转为督办任务 ${o.task} 条，转为查摆问题 ${o.problem} 条，答复办结 ${o.answered} 条，待处理 ${o.open} 条。`),
      heading('四、问题整改情况'),
      body(`查摆问题 ${t.found} 个：整改中 ${t.rectifying} 个，待核验销号 ${t.review} 个，已销号 ${t.closed} 个。`),
      v.byUnit.length ? table(['单位', '查摆', '已销号', '逾期', '整改率', '销号率'], v.byUnit.map((u) => [u.unitName, String(u.found), String(u.closed), String(u.overdue), `${u.rectificationRate}%`, `${u.closeOutRate}%`]), [5.2, 1.8, 1.9, 1.6, 2]) : body('尚未查摆出问题。'),
  ]);
}
