import { AlignmentType, Paragraph, PageBreak } from 'docx';
import type { BulletinBody, BulletinFigures } from '../modules/rhythm/bulletin.figures.ts';
import { body, heading, table } from './campaign-summary.docx.ts';
import { chineseDate, FONT_BODY, FONT_LABEL, FONT_TITLE, officialDocx, run, SIZE_BODY, SIZE_NOTE, SIZE_TITLE } from './supervision-order.docx.ts';

/** A bulletin (督查通报) as printed: its title, number and issuing office, the edited text and the figures it was written from. */
export interface BulletinDocView {
  title: string;
  docNumber: string;
  issuer: string;
  /** The day it is dated: publication, or generation for a draft. */
  dated: string;
  figures: BulletinFigures;
  body: BulletinBody;
  draft: boolean;
  isDemo?: boolean;
}

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
const amount = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
const sub = (text: string) => new Paragraph({ spacing: { before: 120, after: 80 }, indent: { firstLine: 2 * 320 }, children: [run(text, FONT_LABEL, SIZE_BODY)] });
export const center = (text: string, font: typeof FONT_BODY, size: number, after = 240) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [run(text, font, size)] });

/**
 * The bulletin in the official-document layout of the 督办单 (A4, GB/T 9704 margins, 小标宋 title,
 * 仿宋 body, 黑体 headings; Word falls back to SimSun/FangSong/SimHei where those are missing):
 * the number, the title, the text under 一、(一) headings, the issuer and date, then the ranking and
 * the red items as attachments. Written from the stored figures and text only, so a published
 * bulletin prints the same whatever changes afterwards.
 */
export async function buildBulletinDocx(v: BulletinDocView): Promise<Buffer> {
  const f = v.figures;
  const s = f.summary;
  return officialDocx(v.title, [
    ...(v.docNumber ? [center(v.docNumber, FONT_BODY, SIZE_BODY, 360)] : []),
    center(v.title, FONT_TITLE, SIZE_TITLE, 360),
    ...(v.draft ? [center('（征求意见稿）', FONT_BODY, SIZE_BODY)] : []),
    ...(v.isDemo ? [center('演示数据 · 非正式文件', FONT_LABEL, SIZE_NOTE)] : []),
    body(v.body.summary),
    heading('一、总体情况'),
    sub('（一）督办事项办理'),
    body(`新交办 ${s.assigned} 件，办结 ${s.completed} 件，按时办结 ${s.onTime} 件，按时办结率 ${pct(s.onTimeRate)}；逾期未办结 ${s.overdue} 件，亮红灯 ${s.red} 件。`),
    sub('（二）问题整改和项目推进'),
    body(`查摆问题 ${s.problems} 个，已整改 ${s.rectified} 个，整改率 ${pct(s.rectificationRate)}；重点项目年度计划投资 ${amount(s.planned)} 万元，已完成 ${amount(s.invested)} 万元，完成率 ${pct(s.investmentRate)}。各单位排名见附件1。`),
    heading('二、通报表扬'),
    body(v.body.praise),
    heading('三、存在问题'),
    body(v.body.criticism),
    heading('四、工作要求'),
    body(v.body.requirements),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: [run(v.issuer, FONT_BODY)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(v.dated), FONT_BODY)] }),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ children: [run('附件1', FONT_LABEL)] }),
    center(`${f.periodLabel}各单位落实情况排名`, FONT_LABEL, SIZE_BODY),
    f.ranking.length
      ? table(
          ['名次', '单位', '办结', '按时率', '逾期', '整改率', '投资完成率'],
          f.ranking.map((r) => [String(r.rank), r.name, String(r.completed), pct(r.onTimeRate), String(r.overdue), pct(r.rectificationRate), pct(r.investmentRate)]),
          [1.2, 4, 1.4, 1.8, 1.4, 1.8],
        )
      : body('本级之下没有单位。'),
    new Paragraph({ spacing: { before: 360 }, children: [run('附件2', FONT_LABEL)] }),
    center('红灯事项清单', FONT_LABEL, SIZE_BODY),
    f.red.length ? table(['事项', '责任单位', '时限', '亮灯原因'], f.red.map((r) => [r.title, r.unit, r.deadline ?? '长期', r.reason]), [5.5, 3.2, 2.4]) : body('本期没有亮红灯的事项。'),
  ]);
}

