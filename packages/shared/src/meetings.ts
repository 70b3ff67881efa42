import type { RankedUnit } from './rhythm.ts';

/** 会办 over project problems, and the rhythm's 点评, 观摩 and 述职 (issues 11 and 12). */
export const MEETING_KINDS = ['coordination', 'review', 'site_visit', 'duty_report'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const ATTENDANCE_STATUSES = ['present', 'leave', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface AttendanceInput {
  name: string;
  unitName?: string | undefined;
  status: AttendanceStatus;
  substitute?: string | undefined;
}

/** A meeting to organise, its agenda drawn from the data of its kind. */
export interface MeetingInput {
  kind: MeetingKind;
  title: string;
  heldOn: string;
  place?: string | undefined;
  hostName: string;
  attendees?: string | undefined;
  /** 会办's agenda: open project problems, in this order. */
  problemIds?: string[] | undefined;
  /** 点评's and 述职's agenda: child units of the scope unit, in this order. */
  unitIds?: string[] | undefined;
  /** 观摩's agenda: projects, in this order. */
  projectIds?: string[] | undefined;
  /** 点评's and 述职's period key ('2026-Q3', '2026'): the data their agenda is drawn from. */
  period?: string | undefined;
  /** The unit whose child units are ranked or heard; the top of the supervisor's scope by default. */
  scopeUnitId?: string | undefined;
  /** The rhythm's occurrence the meeting holds: it is recorded as taken place (or prepared, for a meeting ahead). */
  occurrenceId?: string | undefined;
  attendance?: AttendanceInput[] | undefined;
}

/** A unit's line of the period drawn for 点评 and 述职, with the 述职's draft of its year. */
export interface UnitMaterial extends RankedUnit {
  period: string;
  periodLabel: string;
  draft: string;
}

/** A project as a 观摩 sees it when its agenda is set. */
export interface ProjectMaterial {
  code: string;
  name: string;
  leadUnitName: string;
  stage: string;
  stageLabel: string;
  light: string;
  planned: number;
  invested: number;
  investmentRate: number | null;
  latestPeriod: string | null;
  progress: string;
}
