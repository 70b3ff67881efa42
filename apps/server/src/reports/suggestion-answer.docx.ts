import { AlignmentType, Paragraph } from 'docx';
import { body } from './campaign-summary.docx.ts';
import { chineseDate, FONT_BODY, FONT_LABEL, FONT_TITLE, officialDocx, run, SIZE_BODY, SIZE_NOTE, SIZE_TITLE } from './supervision-order.docx.ts';

/** What an answer letter (答复函) to a deputy's suggestion shows; dates are 'YYYY-MM-DD'. */
export interface SuggestionAnswerView {
  /** The handling category's code, printed at the top right as the letter's mark (A 类). */
  category: string;
  categoryLabel: string;
  /** e.g. 关于市十七届人大三次会议第12号建议的答复 (with the kind's word). */
  title: string;
  /** The salutation: the proposers, e.g. 陈代表、王代表. */
  addressee: string;
  answer: string;
  mainUnit: string;
  coUnits: string[];
  answeredOn: string;
  round: number;
  isDemo?: boolean;
}

const right = (text: string, before = 0) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before }, children: [run(text, FONT_BODY)] });

/**
 * The main unit's answer letter in the official-document layout of the 督办单 and the bulletin
 * (A4, GB/T 9704 margins, 小标宋 title, 仿宋 body): the category mark, title, salutation, the answer's
 * paragraphs, the assisting units, the signing unit and the date in words.
 */
export async function buildSuggestionAnswerDocx(v: SuggestionAnswerView): Promise<Buffer> {
  const paragraphs = v.answer.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  return officialDocx(v.title, [
      new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(`${v.category}类`, FONT_LABEL, SIZE_BODY)] }),
      ...(v.isDemo ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run('演示数据 · 非正式文件', FONT_LABEL, SIZE_NOTE)] })] : []),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 360 }, children: [run(v.title, FONT_TITLE, SIZE_TITLE)] }),
      ...(v.round > 1 ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(`（第${v.round}次答复）`, FONT_BODY)] })] : []),
      new Paragraph({ children: [run(`${v.addressee}：`, FONT_BODY)] }),
      ...paragraphs.map(body),
      body(`办理类别：${v.category}类（${v.categoryLabel}）。`),
      ...(v.coUnits.length ? [body(`协办单位：${v.coUnits.join('、')}。`)] : []),
      right(v.mainUnit, 480),
      right(chineseDate(v.answeredOn)),
  ]);
}
