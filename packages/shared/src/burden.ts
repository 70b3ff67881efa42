// The reporting burden's shapes (填报负担, issue 12 item 5), read alike by the server and the web app.

/** The modules as the burden table's columns, in this order: a task's module, or a module's own form. */
export const BURDEN_MODULES = ['task', 'rectification', 'coordination', 'decision', 'suggestion', 'project', 'indicator', 'rhythm'] as const;

/** What a unit is asked to fill in. */
export const BURDEN_KINDS = ['progress', 'project_report', 'indicator_value', 'answer', 'material'] as const;
export type BurdenKind = (typeof BURDEN_KINDS)[number];

export interface BurdenTally {
  requested: number;
  filed: number;
}

/** A unit's (or a subtree's) month: requested and filed in all, by module and by kind, and its duplicate pairs. */
export interface BurdenCounts extends BurdenTally {
  duplicates: number;
  byModule: Record<string, BurdenTally>;
  byKind: Record<string, BurdenTally>;
}

/** One request to a unit to fill something in, due in the month looked at. */
export interface BurdenRequestLine {
  /** Unique among the month's requests: `${kind}:${record id}:${period}`. */
  key: string;
  /** A task's module ('task', 'rectification', …) or 'project', 'indicator', 'suggestion', 'rhythm'. */
  module: string;
  kind: BurdenKind;
  /** The record asking: a task, project, indicator, suggestion or cadence occurrence. */
  recordId: string;
  title: string;
  /** The reporting period asked for ('2026-11', '2026-W46', '2026-Q4' …). */
  period: string;
  due: string;
  filed: boolean;
}
