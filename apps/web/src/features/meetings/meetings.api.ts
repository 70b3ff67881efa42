import { ATTENDANCE_STATUSES, MEETING_KINDS, type AttendanceInput, type AttendanceStatus, type MeetingInput, type MeetingKind, type ProjectMaterial, type UnitMaterial } from '@luoshi/shared';
import { api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';

export { ATTENDANCE_STATUSES, MEETING_KINDS };
export type { AttendanceStatus, MeetingKind };

/** A meeting as the list shows it. */
export interface MeetingRow {
  id: string;
  kind: MeetingKind;
  kindLabel: string;
  title: string;
  heldOn: string;
  place: string;
  hostName: string;
  attendees: string;
  organizer: { id: string; name: string };
  period: string | null;
  periodLabel: string | null;
  occurrenceId: string | null;
  createdAt: string | null;
  itemCount: number;
  decisionCount: number;
}

export interface MeetingDecision {
  id: string;
  content: string;
  taskId: string;
  taskStatus: string;
  taskLight: string | null;
  taskDeadline: string | null;
  taskUnitName: string | null;
  createdAt: string | null;
}

export interface MeetingProject {
  id: string;
  code: string;
  name: string;
  leadUnitName: string;
}

export type UnitCandidate = UnitMaterial;

/** A project as a 观摩 sees it. */
export interface ProjectCandidate extends ProjectMaterial {
  id: string;
}

export interface MeetingItem {
  id: string;
  position: number;
  subject: string;
  minutes: string;
  problem: { id: string; description: string; taskId: string | null; project: MeetingProject } | null;
  unit: { id: string; name: string } | null;
  project: MeetingProject | null;
  /** The data the item was drawn from, as it was when the agenda was set. */
  material: (Partial<UnitCandidate> & Partial<Omit<ProjectCandidate, 'id'>>) | null;
  decisions: MeetingDecision[];
}

export interface AttendanceRow {
  name: string;
  unitName: string;
  status: AttendanceStatus;
  substitute: string;
}

export interface MeetingDetail {
  meeting: Omit<MeetingRow, 'itemCount' | 'decisionCount'>;
  items: MeetingItem[];
  attendance: AttendanceRow[];
  policies: { canRecord: boolean };
}

/** An open project problem that can go on a 会办's agenda. */
export interface AgendaCandidate {
  id: string;
  description: string;
  period: string | null;
  createdAt: string | null;
  timesDiscussed: number;
  project: MeetingProject;
}

export const listMeetings = (filter: { q?: string | undefined; kind?: MeetingKind | undefined; page: number; pageSize: number }, signal?: AbortSignal) =>
  api<Paged<MeetingRow>>('/api/meetings', { query: { kind: filter.kind, q: filter.q?.trim() || undefined, page: filter.page, pageSize: filter.pageSize }, signal });
export const agendaCandidates = (signal?: AbortSignal, limit?: number) => api<{ data: AgendaCandidate[]; total: number }>('/api/meetings/agenda-candidates', { query: { limit }, signal });
export const unitCandidates = (kind: 'review' | 'duty_report', period: string, signal?: AbortSignal) =>
  api<{ data: UnitCandidate[] }>('/api/meetings/unit-candidates', { query: { kind, period }, signal }).then((r) => r.data);
export const projectCandidates = (q: string, signal?: AbortSignal) => api<{ data: ProjectCandidate[]; total: number }>('/api/meetings/project-candidates', { query: { q: q.trim() || undefined }, signal });
export const getMeeting = (id: string, signal?: AbortSignal) => api<MeetingDetail>(`/api/meetings/${id}`, { signal });
export const createMeeting = (input: MeetingInput) => api<MeetingDetail>('/api/meetings', { method: 'POST', body: input });
export const recordMinutes = (meetingId: string, itemId: string, minutes: string) => api<{ ok: true }>(`/api/meetings/${meetingId}/items/${itemId}/minutes`, { method: 'PUT', body: { minutes } });
export const recordAttendance = (meetingId: string, attendance: AttendanceInput[]) =>
  api<{ ok: true }>(`/api/meetings/${meetingId}/attendance`, { method: 'PUT', body: { attendance } });
export const decideItem = (meetingId: string, itemId: string, input: { content: string; leadUnitIds: string[]; deadline: string }) =>
  api<{ decisionId: string; taskId: string }>(`/api/meetings/${meetingId}/items/${itemId}/decisions`, { method: 'POST', body: input });
