import type { TaskStatus } from './transitions.ts';
import { calendarDaysBetween, workdaysBetween, type WorkCalendar } from './working-days.ts';

/** A computed light; 'none' for work that is not live (draft, completed, cancelled). */
export type Light = 'green' | 'yellow' | 'red' | 'none';

/** Per-deployment light settings (DESIGN.md §4, "lights are computed"). */
export interface LightRules {
  /** Yellow when the deadline is this many working days away or fewer. */
  yellowWithinWorkdays: number;
  /** 'worst': a parent shows the worst of its open children and itself; 'own': only itself. */
  parentRollup: 'worst' | 'own';
}

export const DEFAULT_LIGHT_RULES: LightRules = Object.freeze({ yellowWithinWorkdays: 3, parentRollup: 'worst' });

/** Everything a task's own light depends on; the caller gathers it, nothing here reads a clock. */
export interface LightInput {
  status: TaskStatus;
  deadline: string | null;
  today: string;
  /** Levels of the orders not yet closed by the office (see `lightingOrderLevels`). */
  openOrderLevels: OrderLevel[];
  /** The latest period whose due date passed without a report. */
  missedReport: { period: string; due: string } | null;
  /** Assigned, not acknowledged, and the acknowledgement deadline has passed. */
  ackOverdue: boolean;
  /** A 长期坚持 task: no deadline by design, lit by its report rhythm; the reason says so. */
  longTerm?: boolean | undefined;
}

export interface LightResult {
  light: Light;
  reason: string;
}

export type OrderLevel = 'blue' | 'yellow' | 'red';
/**
 * A supervision order's life: 待签发 (drafted, waiting for the leader's 签发 where the deployment
 * asks for it), 待回复 (issued), 已回复 (answered, waiting for the office), 已办结 (closed by the
 * office), 已退回 (sent back by the leader unsigned).
 */
export type OrderStatus = 'pending_signoff' | 'open' | 'replied' | 'closed' | 'refused';

/**
 * An order is 未办结 from the moment it goes out until the office closes it: the unit's reply alone
 * does not end it. An order that has not gone out (待签发, 已退回) lights nothing.
 */
export const UNCLOSED_ORDER_STATUSES: readonly OrderStatus[] = Object.freeze(['open', 'replied']);

/** The levels of a task's orders that count toward its light. */
export function lightingOrderLevels(orders: { level: OrderLevel; status: OrderStatus }[]): OrderLevel[] {
  return orders.filter((o) => UNCLOSED_ORDER_STATUSES.includes(o.status)).map((o) => o.level);
}

const RANK: Record<Light, number> = { none: 0, green: 1, yellow: 2, red: 3 };
const LIGHT_NAMES: Record<Light, string> = { none: '无灯', green: '绿灯', yellow: '黄灯', red: '红灯' };
const UNLIT = new Set<TaskStatus>(['draft', 'completed', 'cancelled']);
const CLOSED = new Set<TaskStatus>(['completed', 'cancelled']);
const SEPARATOR = '；';

/** The worst of some lights: red > yellow > green > none. */
export function worstLight(lights: Light[]): Light {
  let worst: Light = 'none';
  for (const l of lights) if (RANK[l] > RANK[worst]) worst = l;
  return worst;
}

/** '3月25日', with the year when it is not the current one so an old due date is not misread. */
function shortDate(date: string, today: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${date.slice(0, 4) === today.slice(0, 4) ? '' : `${y}年`}${m}月${d}日`;
}

/**
 * A task's own light and the reason in words, from its status, deadline, open supervision orders,
 * reporting and acknowledgement. When several reasons apply the worst light wins and its reasons
 * are joined by "；".
 */
export function computeLight(input: LightInput, cal: WorkCalendar, rules: LightRules): LightResult {
  const { status, deadline, today } = input;
  if (UNLIT.has(status)) return { light: 'none', reason: '' };
  const red: string[] = [];
  const yellow: string[] = [];
  if (deadline !== null) {
    if (today > deadline) {
      red.push(`逾期 ${calendarDaysBetween(deadline, today)} 天`);
    } else if (status !== 'completion_requested') {
      // Work waiting for the issuer's review is not the owner's to hurry, so nearness alone
      // does not light it.
      const left = workdaysBetween(cal, today, deadline);
      if (today === deadline) yellow.push('今天截止');
      else if (left <= rules.yellowWithinWorkdays) yellow.push(left === 0 ? '截止前已无工作日' : `距截止还有 ${left} 个工作日`);
    }
  }
  if (input.openOrderLevels.includes('red')) red.push('红色督办单未办结');
  if (input.missedReport) yellow.push(`${input.missedReport.period} 进展未报送（应于 ${shortDate(input.missedReport.due, today)}前）`);
  if (input.ackOverdue) yellow.push('超时未签收');
  if (input.openOrderLevels.includes('yellow')) yellow.push('黄色督办单未办结');
  // A long-term task's reason names its kind, so nobody reads the missing deadline as an oversight.
  const say = (reasons: string[]) => (input.longTerm ? `长期坚持：${reasons.join(SEPARATOR)}` : reasons.join(SEPARATOR));
  if (red.length > 0) return { light: 'red', reason: say(red) };
  if (yellow.length > 0) return { light: 'yellow', reason: say(yellow) };
  if (status === 'completion_requested') return { light: 'green', reason: say(['已申请办结，待审核']) };
  return { light: 'green', reason: input.longTerm ? '长期坚持，按期报送' : '正常推进' };
}

/**
 * A parent's light from its own and its open children's (not completed or cancelled). Under
 * 'worst' the reason names the first child with the worst light, after the parent's own reason
 * when the parent itself is that bad. A parent that is not lit (draft or closed) stays unlit.
 */
const TITLE_IN_REASON = 20;
const shortTitle = (title: string) => (title.length > TITLE_IN_REASON ? `${title.slice(0, TITLE_IN_REASON)}…` : title);

/**
 * "下级任务“乙”逾期 3 天": the child's first reason under its (shortened) title. A reason that is
 * itself a grandchild's keeps one pair of quotes with the path (“乙 › 丙”), so reasons stay one
 * line however deep the tree; the "另有 N 项" tail of a child is left to the child's own page.
 */
function childReason(child: { title: string; reason: string }): string {
  const first = child.reason.split(SEPARATOR)[0] ?? '';
  const nested = /^下级任务“(.+?)”(.*)$/.exec(first);
  return nested ? `下级任务“${shortTitle(child.title)} › ${nested[1]}”${nested[2]}` : `下级任务“${shortTitle(child.title)}”${first}`;
}

export function rollupLight(own: LightResult, children: { light: Light; reason: string; title: string; status: TaskStatus }[], rules: LightRules): LightResult {
  if (rules.parentRollup === 'own' || own.light === 'none') return own;
  const open = children.filter((c) => !CLOSED.has(c.status));
  const worst = worstLight([own.light, ...open.map((c) => c.light)]);
  const culprits = open.filter((c) => c.light === worst);
  // A green child adds nothing worth reading to a green parent's "正常推进".
  if (worst === 'green' || culprits.length === 0) return own;
  const parts: string[] = [];
  if (own.light === worst) parts.push(own.reason);
  parts.push(childReason(culprits[0]!));
  if (culprits.length > 1) parts.push(`另有 ${culprits.length - 1} 项下级任务亮${LIGHT_NAMES[worst]}`);
  return { light: worst, reason: parts.join(SEPARATOR) };
}
