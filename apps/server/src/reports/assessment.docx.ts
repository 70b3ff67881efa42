import { AlignmentType, Paragraph, PageBreak } from 'docx';
import type { Derivation } from '../modules/rhythm/assessment-rules.ts';
import { center } from './bulletin.docx.ts';
import { body, heading, table } from './campaign-summary.docx.ts';
import { chineseDate, FONT_BODY, FONT_LABEL, FONT_TITLE, officialDocx, run, SIZE_BODY, SIZE_NOTE, SIZE_TITLE } from './supervision-order.docx.ts';

/** A run's results as the 考核结果通报 prints them. */
export interface AssessmentDocView {
  title: string;
  issuer: string;
  dated: string;
  periodText: string;
  draft: boolean;
  isDemo: boolean;
  groups: { name: string; results: { rank: number; unitName: string; total: number; derivation: Derivation }[] }[];
  objections: { unitName: string; status: 'open' | 'upheld' | 'rejected'; answer: string }[];
}

const fmt = (n: number | null) => (n === null ? '—' : String(n));

/**
 * The 考核结果通报 in the bulletin's official-document layout: the title, what was assessed and how,
 * each group's ranking, the objections and their answers, the issuer and date; then, as an
 * attachment, every unit's derivation (each item's data, score and weighted score, adjustments).
 */
export async function buildAssessmentDocx(v: AssessmentDocView): Promise<Buffer> {
  const upheld = v.objections.filter((o) => o.status === 'upheld').length;
  const rejected = v.objections.filter((o) => o.status === 'rejected').length;
  const open = v.objections.length - upheld - rejected;
  return officialDocx(v.title, [
    center(v.title, FONT_TITLE, SIZE_TITLE, 360),
    ...(v.draft ? [center('（未公布）', FONT_BODY, SIZE_BODY)] : []),
    ...(v.isDemo ? [center('演示数据 · 非正式文件', FONT_LABEL, SIZE_NOTE)] : []),
    body(`根据考核办法，对${v.groups.map((g) => `${g.name} ${g.results.length} 个单位`).join('、')}${v.periodText}的工作进行了综合考核。各项得分由系统依据各单位报送的数据计算，每个单位的得分推导过程见附件。现将考核结果通报如下。`),
    heading('一、考核结果'),
    ...v.groups.flatMap((g, i) => [
      new Paragraph({ spacing: { before: 120, after: 80 }, indent: { firstLine: 2 * 320 }, children: [run(`（${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i] ?? i + 1}）${g.name}`, FONT_LABEL, SIZE_BODY)] }),
      g.results.length ? table(['名次', '单位', '项目得分', '加分', '减分', '总分'], g.results.map((r) => [String(r.rank), r.unitName, String(r.derivation.itemsTotal), String(r.derivation.bonus), String(r.derivation.deduction), String(r.total)]), [1.5, 5, 2.4, 1.8, 1.8]) : body('本组没有单位。'),
    ]),
    heading('二、异议处理'),
    body(v.objections.length ? `考核结果公布后，共收到异议 ${v.objections.length} 件，予以采纳 ${upheld} 件，不予采纳 ${rejected} 件${open ? `，尚在办理 ${open} 件` : ''}。${v.objections.filter((o) => o.status !== 'open').map((o) => `${o.unitName}：${o.answer}`).join('；')}` : '考核结果公布后，未收到异议。'),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: [run(v.issuer, FONT_BODY)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(v.dated), FONT_BODY)] }),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ children: [run('附件', FONT_LABEL)] }),
    center('各单位得分推导', FONT_LABEL, SIZE_BODY),
    ...v.groups.flatMap((g) =>
      g.results.flatMap((r) => [
        new Paragraph({ spacing: { before: 240, after: 80 }, children: [run(`${g.name} 第 ${r.rank} 名 ${r.unitName}：${r.total} 分`, FONT_LABEL, SIZE_NOTE)] }),
        table(
          ['项目', '数据', '依据', '得分', '权重', '加权得分'],
          [
            ...r.derivation.items.map((i) => [i.name, fmt(i.raw), i.basis, String(i.score), String(i.weight), String(i.weighted)]),
            ...r.derivation.adjustments.map((a) => [`${a.kind === 'bonus' ? '加分' : '减分'}：${a.name}`, String(a.entered), `${a.notes.join('；')}（单项上限 ${a.cap}）`, '', '', `${a.kind === 'bonus' ? '+' : '−'}${a.applied}`]),
          ],
          [3, 1.6, 6, 1.4, 1.4],
        ),
      ]),
    ),
  ]);
}
