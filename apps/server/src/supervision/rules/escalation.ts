import type { OrderLevel } from './lights.ts';
import { workdaysBetween, type WorkCalendar } from './working-days.ts';

/** Working days overdue at which a blue, a yellow and a red order is proposed (ascending). */
export interface EscalationRules {
  blue: number;
  yellow: number;
  red: number;
}

export const DEFAULT_ESCALATION_RULES: EscalationRules = Object.freeze({ blue: 1, yellow: 5, red: 10 });

const LEVELS: OrderLevel[] = ['blue', 'yellow', 'red'];
/** An order level in words (蓝色督办单 …), wherever the server writes one. */
export const LEVEL_NAMES: Record<OrderLevel, string> = { blue: '蓝色', yellow: '黄色', red: '红色' };

/** "1,5,10" → the rules; a clear Chinese error for anything else. */
export function parseEscalationRules(text: string): EscalationRules | null {
  if (text.trim() === 'off' || text.trim() === '0') return null;
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n) || n < 1) || !(parts[0]! < parts[1]! && parts[1]! < parts[2]!)) {
    throw new Error('LUOSHI_ESCALATION_WORKDAYS 应为三个递增的正整数（逾期多少个工作日建议蓝、黄、红色督办单），例如 1,5,10；off 关闭');
  }
  return { blue: parts[0]!, yellow: parts[1]!, red: parts[2]! };
}

/**
 * The next order to propose for overdue work, one step at a time: blue, then yellow, then red.
 * `levelsSeen` are the levels already issued or already proposed (accepted or dismissed alike), so
 * a level is proposed once and a dismissed step is not proposed again; the next step still comes
 * when its threshold is reached. Null when nothing is due.
 */
export function nextEscalation(input: { deadline: string | null; today: string; levelsSeen: OrderLevel[] }, cal: WorkCalendar, rules: EscalationRules): { level: OrderLevel; overdueWorkdays: number; reason: string } | null {
  if (!input.deadline || input.today <= input.deadline) return null;
  const overdue = workdaysBetween(cal, input.deadline, input.today);
  const highestSeen = Math.max(-1, ...input.levelsSeen.map((l) => LEVELS.indexOf(l)));
  const next = LEVELS[highestSeen + 1];
  if (!next || overdue < rules[next]) return null;
  return { level: next, overdueWorkdays: overdue, reason: `逾期 ${overdue} 个工作日，达到${LEVEL_NAMES[next]}督办条件（${rules[next]} 个工作日）` };
}
