import { AlignmentType, Paragraph } from 'docx';
import { body, heading, table } from './campaign-summary.docx.ts';
import { chineseDate, FONT_BODY, FONT_LABEL, FONT_TITLE, officialDocx, run, SIZE_BODY, SIZE_NOTE, SIZE_TITLE } from './supervision-order.docx.ts';

/** What the monthly project bulletin (重点项目月度简报) reports; amounts in 万元, rates in percent. */
export interface ProjectBulletinView {
  /** The month reported, 'YYYY-MM'. */
  period: string;
  asOf: string;
  isDemo?: boolean;
  projects: number;
  yearPlanned: number;
  investedToDate: number;
  monthInvested: number;
  reports: { due: number; filed: number; late: number };
  districts: { name: string; projects: number; planned: number; invested: number; rate: number | null }[];
  stages: { label: string; count: number; totalInvestment: number }[];
  problems: { project: string; description: string; state: string }[];
  lit: { project: string; unit: string; light: string; reason: string }[];
}

const wan = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
const sub = (text: string) => new Paragraph({ spacing: { before: 120, after: 80 }, indent: { firstLine: 2 * 320 }, children: [run(text, FONT_LABEL, SIZE_BODY)] });

/** The bulletin as .docx in the 督办单's fonts and page: title, summary, then 一、(一) sections with tables. */
export async function buildProjectBulletinDocx(v: ProjectBulletinView): Promise<Buffer> {
  const [y, m] = v.period.split('-').map(Number) as [number, number];
  const rate = v.yearPlanned > 0 ? Math.round((v.investedToDate / v.yearPlanned) * 1000) / 10 : null;
  const missing = v.reports.due - v.reports.filed;
  return officialDocx(`重点项目建设月度简报（${y}年${m}月）`, [
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run('重点项目建设月度简报', FONT_TITLE, SIZE_TITLE)] }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [run(`（${y}年${m}月，截至${chineseDate(v.asOf)}）`, FONT_BODY, SIZE_BODY)] }),
      ...(v.isDemo ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run('演示数据 · 非正式文件', FONT_LABEL, SIZE_NOTE, { color: '999999' })] })] : []),
      body(
        `纳入调度的重点项目共 ${v.projects} 个，${y}年计划投资 ${wan(v.yearPlanned)} 万元；1—${m}月累计完成投资 ${wan(v.investedToDate)} 万元，完成年度计划的 ${pct(rate)}，其中${m}月完成投资 ${wan(v.monthInvested)} 万元。` +
          `${m}月应报月报 ${v.reports.due} 个，已报 ${v.reports.filed} 个（迟报 ${v.reports.late} 个）${missing > 0 ? `，未报 ${missing} 个` : ''}。`,
      ),
      heading('一、总体情况'),
      sub('（一）投资完成情况'),
      v.districts.length ? table(['区县', '项目数', '年度计划（万元）', '累计完成（万元）', '完成率'], v.districts.map((d) => [d.name, String(d.projects), wan(d.planned), wan(d.invested), pct(d.rate)]), [3.2, 2, 3.6, 3.6]) : body('本期无分区统计数据。'),
      sub('（二）项目推进情况'),
      table(['所处阶段', '项目数', '总投资（万元）'], v.stages.map((s) => [s.label, String(s.count), wan(s.totalInvestment)]), [4, 4]),
      heading('二、需协调解决的问题'),
      v.problems.length
        ? table(['项目', '问题', '办理情况'], v.problems.map((p) => [p.project, p.description, p.state]), [4, 6.5])
        : body(`${m}月月报未提出需协调解决的问题。`),
      heading('三、亮灯项目'),
      v.lit.length ? table(['项目', '牵头单位', '灯色', '原因'], v.lit.map((l) => [l.project, l.unit, l.light, l.reason]), [4.5, 3.2, 1.6]) : body('目前没有亮黄灯、红灯的项目。'),
  ]);
}
