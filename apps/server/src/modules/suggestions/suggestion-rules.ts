import type { SuggestionKind, SuggestionRating, SuggestionStatus } from '../../db/schema.ts';

/** The pure rules of a suggestion's handling: kinds, categories, the answering deadline, on time, the rates. */

export const SUGGESTION_KINDS: Record<SuggestionKind, string> = { motion: '议案', suggestion: '建议', proposal: '提案', opinion: '群众意见' };
export const SUGGESTION_STATUSES: Record<SuggestionStatus, string> = { new: '待交办', handling: '办理中', answered: '已答复待评价', closed: '已办结' };
export const RATINGS: Record<SuggestionRating, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };
/** How a rating was taken down when a supervisor records it for the proposer. */
export const RATING_MEANS = ['电话', '座谈', '书面', '走访', '短信', '其他'] as const;

/** A handling category of the answer (A 已解决或基本解决 …). */
export interface AnswerCategory {
  code: string;
  label: string;
}

export const DEFAULT_CATEGORIES = 'A：已解决或基本解决，B：正在解决或列入计划解决，C：因条件限制暂时无法解决';

/**
 * LUOSHI_SUGGESTION_CATEGORIES: a comma list of `code:label`, e.g. the default
 * "A:已解决或基本解决,B:正在解决或列入计划解决,C:因条件限制暂时无法解决". Throws naming the bad entry.
 */
export function parseCategories(text: string): AnswerCategory[] {
  const out: AnswerCategory[] = [];
  for (const entry of text.split(/[,，]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9]{1,4})\s*[:：]\s*(.{1,40})$/.exec(entry);
    if (!m) throw new Error(`“${entry}”应写作 代码：名称，如 A：已解决或基本解决`);
    const code = m[1]!.toUpperCase();
    if (out.some((c) => c.code === code)) throw new Error(`类别代码 ${code} 重复`);
    out.push({ code, label: m[2]!.trim() });
  }
  if (out.length === 0) throw new Error('至少需要一个办理类别');
  return out;
}

/** The day `months` calendar months after `date` (YYYY-MM-DD), clamped to the month's last day (30 November + 3 months = 28 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** An answer given on `answeredOn` (Shanghai date) is on time when it is not after the round's deadline. */
export function answeredOnTime(answeredOn: string, deadline: string): boolean {
  return answeredOn <= deadline;
}

/** A rating that closes the handling (满意, 基本满意); 不满意 reopens it. */
export function closesHandling(rating: SuggestionRating): boolean {
  return rating !== 'unsatisfied';
}

/** A rate in percent with one decimal, or null when nothing is counted. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/**
 * The proposers as written on a form or an Excel row: names split on 、，, ; and spaces, each
 * once, in order.
 */
export function splitNames(text: string): string[] {
  return [...new Set(text.split(/[、,，;；\s]+/).map((s) => s.trim()).filter(Boolean))];
}
