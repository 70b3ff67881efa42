/** Shapes the server sends and the web app reads, written once. */

/** What a unit or a supervisor can do to a task's status. */
export const TASK_ACTIONS = ['assign', 'acknowledge', 'report', 'requestCompletion', 'complete', 'return', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** What the caller may do with a task, computed on the server; the web app shows buttons from this only. */
export interface TaskPolicies {
  actions: TaskAction[];
  edit: boolean;
  decompose: boolean;
  requestExtension: boolean;
  decideExtension: boolean;
  remind: boolean;
  issueOrder: boolean;
  replyOrder: boolean;
  /** Sign (签发) or send back the task's orders waiting for its responsible leader. */
  signOrder: boolean;
  instruct: boolean;
  answerInstruction: boolean;
  reviewReport: boolean;
}

/** One proposed task of a directive's draft breakdown (docs/DIRECTIVES.md "Draft item"). */
export interface DraftItem {
  key: string;
  title: string;
  content: string;
  clause: string;
  offset: number | null;
  length: number;
  headingPath: string[];
  leadUnitIds: string[];
  coUnitIds: string[];
  leadUnitNames: string[];
  coUnitNames: string[];
  deadline: string | null;
  deadlineText: string | null;
  /** 长期坚持: published without a deadline, lit by its report rhythm. Absent in drafts saved before it existed. */
  longTerm?: boolean | undefined;
  category: string | null;
  include: boolean;
  /** Set when the parser left the sentence out as assigning nothing (quote, rhetoric, framing …); shown as 未纳入（非任务）. */
  nonTask?: string | null;
}

/**
 * Why a new task is refused without a 完成时限, the same words in the task form, the Excel import
 * and directive publishing: every task needs one, except standing work marked 长期坚持.
 */
export const DEADLINE_REQUIRED_MESSAGE = '请填写完成时限；没有截止日期的常态化工作请标记为“长期坚持”';

/**
 * The business areas the audit log is filtered by, each with the action prefixes it covers
 * (actions are written as `area.verb`, e.g. `task.report`, `order.reply`).
 */
export const AUDIT_AREAS = {
  account: ['auth.', 'user.', 'token.'],
  org: ['org.'],
  task: ['task.', 'report.', 'attachment.'],
  followup: ['order.', 'escalation.', 'extension.', 'instruction.'],
  directive: ['directive.'],
  campaign: ['campaign.', 'problem.'],
  project: ['project.', 'lead.', 'meeting.'],
  indicator: ['indicator.', 'peer.'],
  suggestion: ['suggestion.'],
  rhythm: ['rhythm.', 'bulletin.', 'assessment.'],
  system: ['system.'],
} as const satisfies Record<string, readonly string[]>;

export type AuditArea = keyof typeof AUDIT_AREAS;
