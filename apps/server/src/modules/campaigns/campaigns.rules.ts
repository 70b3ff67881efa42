import type { ActivityKind, CampaignKind, ProblemSeverity, ProblemSource, ProblemStatus } from '../../db/schema.ts';

// The campaign module's pure parts: labels, the default stage template and what the current stage is.

export const CAMPAIGN_KINDS: Record<CampaignKind, string> = { discussion: '大讨论', theme_education: '主题教育', special_rectification: '专项整治', other: '其他' };
export const ACTIVITY_KINDS: Record<ActivityKind, string> = { symposium: '座谈会', research: '专题调研', seminar: '研讨交流', study: '集中学习', inspection: '考察学习', observation: '观摩' };
export const PROBLEM_SOURCES: Record<ProblemSource, string> = { self: '自查', superior: '上级点出', inspection: '督查发现', public: '群众反映', hazard: '安全隐患', tour: '巡视巡察反馈' };
export const SEVERITIES: Record<ProblemSeverity, string> = { normal: '一般', serious: '较重', major: '严重' };
export const PROBLEM_STATUSES: Record<ProblemStatus, string> = { found: '待制定整改措施', rectifying: '整改中', review: '待核验销号', returned: '已退回', closed: '已销号' };

/** The default stage template (动员部署 → 学习讨论 → 查摆问题 → 整改落实 → 总结评估). */
export const DEFAULT_STAGE_NAMES = ['动员部署', '学习讨论', '查摆问题', '整改落实', '总结评估'];

export interface Stage {
  name: string;
  startDate: string;
  endDate: string;
}

const dayMs = 86_400_000;
const toDay = (d: string) => Date.parse(`${d}T00:00:00Z`) / dayMs;
const fromDay = (n: number) => new Date(n * dayMs).toISOString().slice(0, 10);

/**
 * The default stages spread over the campaign's period in consecutive, nearly equal parts (the
 * last takes what is left); a period shorter than the template gives one-day stages at its end.
 */
export function defaultStages(startDate: string, endDate: string): Stage[] {
  const start = toDay(startDate);
  const days = Math.max(toDay(endDate) - start + 1, 1);
  const n = DEFAULT_STAGE_NAMES.length;
  return DEFAULT_STAGE_NAMES.map((name, i) => {
    const from = start + Math.floor((days * i) / n);
    const to = i === n - 1 ? start + days - 1 : Math.max(start + Math.floor((days * (i + 1)) / n) - 1, from);
    return { name, startDate: fromDay(from), endDate: fromDay(to) };
  });
}

/** The first problem with a list of stages (null when none): names given, dates in order, inside the period. */
export function stageProblem(stages: Stage[], startDate: string, endDate: string): { index: number; message: string } | null {
  if (stages.length === 0) return { index: 0, message: '请至少设置一个阶段' };
  for (const [index, s] of stages.entries()) {
    if (!s.name.trim()) return { index, message: '请填写阶段名称' };
    if (s.endDate < s.startDate) return { index, message: `阶段“${s.name}”的结束日期不能早于开始日期` };
    if (s.startDate < startDate || s.endDate > endDate) return { index, message: `阶段“${s.name}”应在活动期间 ${startDate} 至 ${endDate} 之内` };
    const prev = stages[index - 1];
    if (prev && s.startDate < prev.startDate) return { index, message: `阶段“${s.name}”不能早于上一阶段开始` };
  }
  return null;
}

/** The stage `today` falls in; between stages or after the last, the last one begun; before all, the first. */
export function currentStageIndex(stages: Stage[], today: string): number {
  if (stages.length === 0) return -1;
  const inside = stages.findIndex((s) => s.startDate <= today && today <= s.endDate);
  if (inside >= 0) return inside;
  let begun = -1;
  stages.forEach((s, i) => {
    if (s.startDate <= today) begun = i;
  });
  return begun >= 0 ? begun : 0;
}

/** A rectification is late when its deadline has passed and it is neither struck off nor waiting for verification. */
export function isOverdue(p: { status: ProblemStatus; deadline: string | null }, today: string): boolean {
  return p.deadline !== null && p.deadline < today && (p.status === 'rectifying' || p.status === 'returned');
}
