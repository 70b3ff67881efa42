/**
 * Conditions a task list can be narrowed by beyond its columns, each one a count on somebody's
 * home page (超时未签收, 督办单待回复 …); the server's home counts and the list behind each count
 * use the same condition.
 */
export const TASK_FLAGS = ['ackOverdue', 'overdue', 'unreported', 'orderOpen', 'orderReplied', 'orderSignoff', 'extensionPending', 'instructionOpen', 'awaitingMyInstruction', 'proposal'] as const;
export type TaskFlag = (typeof TASK_FLAGS)[number];

/** One count on a home page and the task list (its address query) that shows what it counts. */
export interface HomeCount {
  key: string;
  count: number;
  query: Record<string, string>;
}

/** The home page's counts, one group per role the caller holds (null: not held). */
export interface HomeData {
  supervisor: HomeCount[] | null;
  leader: HomeCount[] | null;
  liaison: HomeCount[] | null;
  /** Open work the deputy may follow (read-only), until proposals and suggestions arrive. */
  deputy: HomeCount[] | null;
}
