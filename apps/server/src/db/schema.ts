import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { OrgKind, Role, ScopeKind } from '@luoshi/shared';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantsTable {
  id: string;
  code: string;
  name: string;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
}

export interface OrgUnitsTable {
  tenant_id: string;
  id: Generated<string>;
  parent_id: string | null;
  kind: OrgKind;
  code: string;
  name: string;
  short_name: string | null;
  sort_order: Generated<number>;
  depth: Generated<number>;
  active: Generated<boolean>;
  search_key: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrgClosureTable {
  tenant_id: string;
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface UsersTable {
  tenant_id: string;
  id: Generated<string>;
  username: string;
  display_name: string;
  phone: string | null;
  org_unit_id: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  active: Generated<boolean>;
  search_key: Generated<string>;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Where the e-mail channel writes (migration 0012). */
  email: string | null;
  /** Channels chosen beyond the in-app centre: 'email', 'webhook' (migration 0012). */
  notify_channels: ColumnType<string[], string[] | undefined, string[]>;
}

export interface RoleGrantsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  role: Role;
  scope_kind: ScopeKind;
  scope_unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  tenant_id: string;
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  access: 'read' | 'write';
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

/** Failed logins per account (the lower-cased name as typed) and source address; a lock holds for that source only. */
export interface LoginFailuresTable {
  tenant_id: string;
  username: string;
  source: string;
  failures: Generated<number>;
  locked_until: Timestamp | null;
  last_failed_at: Timestamp;
}

export interface SettingsTable {
  tenant_id: string;
  key: string;
  value: unknown;
  updated_at: UpdatedAt;
}

export interface AuditLogTable {
  tenant_id: string;
  seq: ColumnType<number, number, never>;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  actor_org_unit_id: string | null;
  ip: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  tenant_id: string;
  seq: number;
  hash: string;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

type DateText = ColumnType<string, string, string>;
/** A nullable column that may be left out on insert. */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;
type Numeric = ColumnType<number, number | string, number | string>;
type NumericDefault = ColumnType<number, number | string | undefined, number | string>;

export interface DictItemsTable {
  tenant_id: string;
  dict: string;
  code: string;
  label: string;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

/** Counter deltas per unit (migration 0006): summed, they give the unit's task nodes per bucket. */
export interface UnitTaskCountsTable {
  tenant_id: string;
  unit_id: string;
  category: string;
  status: string;
  light: string;
  overdue: boolean;
  n: number;
}

export interface UnitMonthCountsTable {
  tenant_id: string;
  unit_id: string;
  month: string;
  assigned: number;
  completed: number;
}

/** Deltas behind the suggestion statistics (migration 0029), per main unit (null: not assigned), session and kind. */
export interface SuggestionCountsTable {
  tenant_id: string;
  main_unit_id: string | null;
  session: string;
  kind: string;
  received: number;
  assigned: number;
  answered: number;
  on_time: number;
  closed: number;
  rated: number;
  satisfied: number;
}

/** Campaign statistics counters (migration 0030): deltas per campaign and unit (a problem counts for its unit and every unit above it). */
export interface CampaignProblemCountsTable {
  tenant_id: string;
  campaign_id: string;
  unit_id: string;
  found: number;
  rectifying: number;
  review: number;
  closed: number;
  overdue: number;
}

/** Project dashboard sums (migration 0033): deltas per unit (a project counts for its lead unit and every unit above it). */
export interface ProjectMonthSumsTable {
  tenant_id: string;
  unit_id: string;
  period: string;
  invested: string;
}
export interface ProjectPlanSumsTable {
  tenant_id: string;
  unit_id: string;
  year: number;
  planned: string;
}
export interface ProjectStageSumsTable {
  tenant_id: string;
  unit_id: string;
  stage: string;
  n: number;
  total: string;
}

/** Project map sums (migration 0034): per unit, its live projects with coordinates. */
export interface ProjectPlaceSumsTable {
  tenant_id: string;
  unit_id: string;
  n: number;
  longitude: string;
  latitude: string;
  total: string;
  red: number;
  yellow: number;
}

export interface CounterDaysTable {
  tenant_id: string;
  day: string;
}

export interface TasksTable {
  tenant_id: string;
  id: Generated<string>;
  module: Generated<string>;
  parent_id: string | null;
  root_id: string;
  depth: Generated<number>;
  unit_role: Generated<'lead' | 'co'>;
  weight: NumericDefault;
  title: string;
  content: Generated<string>;
  category: string | null;
  priority: Generated<'normal' | 'high' | 'urgent'>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  source_directive_id: string | null;
  source_clause: string | null;
  source_offset: number | null;
  owner_unit_id: string;
  issuer_unit_id: string;
  issuer_user_id: string | null;
  responsible_leader_ids: ColumnType<string[], string[] | undefined, string[]>;
  start_date: DateText | null;
  deadline: DateText | null;
  /** 长期坚持: no deadline by design, lit by the report rhythm (migration 0004). */
  long_term: Generated<boolean>;
  report_cycle: Generated<'none' | 'weekly' | 'biweekly' | 'monthly' | 'quarterly'>;
  report_due_day: Generated<number>;
  ack_deadline: DateText | null;
  status: Generated<TaskStatusCode>;
  percent: NumericDefault;
  own_percent: NumericDefault;
  light: Generated<'green' | 'yellow' | 'red' | 'none'>;
  light_reason: Generated<string>;
  light_computed_at: Timestamp | null;
  last_report_at: Timestamp | null;
  last_report_period: string | null;
  /** The period owed and not reported for, written with the light (migration 0008). */
  report_missed: Generated<string | null>;
  acknowledged_at: Timestamp | null;
  completed_at: Timestamp | null;
  search_key: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  deleted_at: Timestamp | null;
}

export type TaskStatusCode = 'draft' | 'assigned' | 'acknowledged' | 'in_progress' | 'completion_requested' | 'completed' | 'returned' | 'cancelled';

export interface TaskEventsTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  data: unknown;
}

export interface ProgressReportsTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  org_unit_id: string;
  period: string;
  done: string;
  percent: Numeric;
  difficulties: Generated<string>;
  next_steps: Generated<string>;
  late: Generated<boolean>;
  status: Generated<'submitted' | 'returned'>;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  reported_by: string;
  reported_at: Timestamp;
}

export interface AttachmentsTable {
  tenant_id: string;
  id: Generated<string>;
  owner_type: string;
  owner_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface SupervisionOrdersTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  /** Null while the order waits for its leader's 签发: the number is taken when it goes out. */
  number: string | null;
  level: 'blue' | 'yellow' | 'red';
  matter: string;
  requirements: Generated<string>;
  reply_deadline: DateText;
  recipient_unit_id: string;
  recipient_leader_ids: ColumnType<string[], string[] | undefined, string[]>;
  issuing_office: string;
  issued_by: string;
  issued_at: Timestamp;
  status: Generated<'pending_signoff' | 'open' | 'replied' | 'closed' | 'refused'>;
  reply: string | null;
  replied_by: string | null;
  replied_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** The leader who signed (签发) or sent back the order, when the deployment asks for 签发. */
  signoff_by: string | null;
  signoff_at: Timestamp | null;
  signoff_comment: string | null;
}

export interface EscalationProposalsTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  level: 'blue' | 'yellow' | 'red';
  overdue_workdays: number;
  reason: string;
  status: Generated<'pending' | 'accepted' | 'dismissed'>;
  created_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  order_id: string | null;
}

export interface ExtensionRequestsTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  current_deadline: DateText | null;
  requested_deadline: DateText;
  reason: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_comment: string | null;
}

export interface InstructionsTable {
  tenant_id: string;
  id: Generated<string>;
  task_id: string;
  leader_id: string;
  content: string;
  created_at: Timestamp;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
}

export interface NotificationsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  task_id: string | null;
  dedupe_key: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
  /** A path in the web app the notice opens when it is not about a task (e.g. /projects/<id>). */
  link: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NotificationDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  notification_id: string;
  channel: string;
  /** The outbox life (migration 0012): pending → sending → sent, or failed (retried) → dead. */
  status: DeliveryStatus;
  /** The last error. */
  detail: string | null;
  /** When the row was written (in the notice's transaction). */
  at: Timestamp;
  user_id: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  sent_at: Timestamp | null;
}

export type DeliveryStatus = 'pending' | 'sending' | 'failed' | 'sent' | 'dead';

export interface UnitWebhooksTable {
  tenant_id: string;
  unit_id: string;
  kind: 'dingtalk' | 'wecom';
  url: string;
  secret: string | null;
  updated_at: Timestamp;
}

export interface SavedFiltersTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  scope: string;
  name: string;
  filter: unknown;
  created_at: CreatedAt;
}

export interface JobsTable {
  id: Generated<number>;
  tenant_id: string | null;
  kind: string;
  payload: ColumnType<unknown, string | undefined, string>;
  dedupe_key: string | null;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_at: Timestamp | null;
  locked_by: string | null;
  progress: unknown;
  result: unknown;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

export type DirectiveKind = 'speech' | 'minutes' | 'plan' | 'other' | 'instruction_doc';
export type DirectiveFormat = 'paste' | 'text' | 'html' | 'docx' | 'pdf';

export interface DirectivesTable {
  tenant_id: string;
  id: Generated<string>;
  unit_id: string;
  title: string;
  doc_date: DateText | null;
  source: string | null;
  kind: Generated<DirectiveKind>;
  script: 'simplified' | 'traditional' | 'mixed';
  format: DirectiveFormat;
  original_name: string | null;
  body: string;
  lost_characters: ColumnType<number[], number[] | undefined, number[]>;
  /** The `ParsedDocument` (JSON text on insert). */
  parsed: ColumnType<unknown, string, string>;
  /** `DraftItem[]` (JSON text on insert and update). */
  draft: ColumnType<unknown, string | undefined, string>;
  status: Generated<'draft' | 'published'>;
  search_key: Generated<string>;
  /** 领导批示件: who instructed, when and on what (migration 0007); null for other kinds. */
  instructed_by: OptionalText;
  instructed_on: OptionalText;
  instruction_subject: OptionalText;
  scan_attachment_id: OptionalText;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  published_at: Timestamp | null;
  published_by: string | null;
  deleted_at: Timestamp | null;
}

export interface DirectiveTargetsTable {
  tenant_id: string;
  id: Generated<string>;
  directive_id: string;
  subject: string | null;
  value: ColumnType<number, number, number>;
  unit: string | null;
  comparator: '>=' | '<=' | '=';
  text: string;
  offset: number;
  /** Why the parser read it as a target ({ rule, cue }); null for targets stored before it said. */
  why: ColumnType<unknown, string | null | undefined, string | null>;
}

/** A person's correction of the parser's findings on one directive. */
export interface DirectiveCorrectionsTable {
  tenant_id: string;
  id: Generated<string>;
  directive_id: string;
  field: 'targets' | 'statistics' | 'people' | 'places' | 'organizations';
  action: 'to-statistic' | 'to-target' | 'drop';
  item: ColumnType<unknown, string, string>;
  created_by: string;
  created_at: CreatedAt;
}

export interface DirectiveCadencesTable {
  tenant_id: string;
  id: Generated<string>;
  directive_id: string;
  text: string;
  period: string;
  action: string;
  sort_order: Generated<number>;
}

/** Per open task, the keys of the automatic reminders already handed out (migration 0018). */
export interface ReminderMarksTable {
  tenant_id: string;
  task_id: string;
  keys: string[];
}

/** Key projects (migration 0015): scope follows `lead_unit_id`; amounts in 万元. */
export interface ProjectsTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'industry' | 'infrastructure' | 'livelihood' | 'ecology' | 'other';
  industry: string | null;
  level: 'province' | 'city' | 'district';
  address: string | null;
  longitude: number | null;
  latitude: number | null;
  owner_company: string | null;
  total_investment: ColumnType<number, number | string, number | string>;
  lead_unit_id: string;
  leader_name: string | null;
  stage: Generated<ProjectStage>;
  start_year: number;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  light: Generated<'green' | 'yellow' | 'red'>;
  light_reason: string | null;
  search_key: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  deleted_at: Timestamp | null;
}

export type ProjectStage = 'planning' | 'signed' | 'started' | 'building' | 'completed' | 'producing';

export interface ProjectMilestonesTable {
  tenant_id: string;
  project_id: string;
  stage: Exclude<ProjectStage, 'planning'>;
  planned_date: DateText | null;
  actual_date: DateText | null;
}

export interface ProjectYearPlansTable {
  tenant_id: string;
  project_id: string;
  year: number;
  planned: ColumnType<number, number | string, number | string>;
}

/** A group of the project tag dictionary (issue 11), e.g. 「6」主导产业. */
export interface ProjectTagGroupsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  sort_order: Generated<number>;
  created_at: CreatedAt;
}

/** A tag of the dictionary; projects carry it by name. */
export interface ProjectTagsTable {
  tenant_id: string;
  id: Generated<string>;
  group_id: string;
  name: string;
  sort_order: Generated<number>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
}

/** An indicator's definition (issue 13). */
export interface IndicatorsTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  name: string;
  measure: Generated<string>;
  direction: 'higher' | 'lower';
  frequency: 'month' | 'quarter' | 'year';
  cumulative: Generated<boolean>;
  formula: string | null;
  unit_id: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  deleted_at: Timestamp | null;
}

/** One value of an indicator for one organisation unit and period. */
export interface IndicatorValuesTable {
  tenant_id: string;
  indicator_id: string;
  org_unit_id: string;
  period: string;
  value: number;
  note: string | null;
  entered_by: string | null;
  entered_at: Timestamp;
}

/** A unit's yearly target for an indicator. */
export interface IndicatorTargetsTable {
  tenant_id: string;
  indicator_id: string;
  org_unit_id: string;
  year: number;
  target: number;
  directive_target_id: string | null;
  set_by: string | null;
  set_at: Timestamp;
}

/** A peer city or district the city measures itself against. */
export interface PeersTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: 'city' | 'district' | 'other';
  note: string | null;
  created_at: CreatedAt;
  deleted_at: Timestamp | null;
}

/** A peer's value of an indicator for one period, with its source. */
export interface PeerValuesTable {
  tenant_id: string;
  peer_id: string;
  indicator_id: string;
  period: string;
  value: number;
  source: string;
  entered_by: string | null;
  entered_at: Timestamp;
}

export interface ProjectReportsTable {
  tenant_id: string;
  id: Generated<string>;
  project_id: string;
  period: string;
  invested: ColumnType<number, number | string, number | string>;
  cumulative: ColumnType<number, number | string, number | string>;
  progress: string;
  next_plan: Generated<string>;
  late: Generated<boolean>;
  reported_by: string | null;
  reported_at: Timestamp;
}

export interface ProjectProblemsTable {
  tenant_id: string;
  id: Generated<string>;
  project_id: string;
  report_id: string | null;
  description: string;
  task_id: string | null;
  created_at: CreatedAt;
}

/** Meetings (migration 0020): 会办 now; `kind` leaves room for 点评, 观摩, 述职. Scope follows `organizer_unit_id`. */
export interface MeetingsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: 'coordination' | 'review' | 'site_visit' | 'duty_report';
  title: string;
  held_on: DateText;
  place: Generated<string>;
  host_name: string;
  attendees: Generated<string>;
  organizer_unit_id: string;
  /** The period the agenda's data was drawn from (点评: a quarter, 述职: a year). */
  period: string | null;
  occurrence_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Who was asked to a meeting and whether they came (migration 0028). */
export interface MeetingAttendanceTable {
  tenant_id: string;
  meeting_id: string;
  position: number;
  name: string;
  unit_name: Generated<string>;
  status: Generated<'present' | 'leave' | 'absent'>;
  substitute: Generated<string>;
}

/** A meeting's agenda item with its minutes: a project problem (会办), a unit (点评, 述职) or a project (观摩). */
export interface MeetingItemsTable {
  tenant_id: string;
  id: Generated<string>;
  meeting_id: string;
  position: number;
  problem_id: string | null;
  unit_id: Generated<string | null>;
  project_id: Generated<string | null>;
  /** The data the item was drawn from, as it was when the agenda was set. */
  material: ColumnType<unknown, string | null | undefined, string | null>;
  subject: string;
  minutes: Generated<string>;
}

/** A decision on an agenda item and the task it became. */
export interface MeetingDecisionsTable {
  tenant_id: string;
  id: Generated<string>;
  item_id: string;
  content: string;
  task_id: string;
  decided_by: string | null;
  created_at: CreatedAt;
}

/** Investment-attraction leads (migration 0015); scope follows `unit_id`. */
export interface InvestmentLeadsTable {
  tenant_id: string;
  id: Generated<string>;
  company: string;
  industry: string | null;
  intended_investment: ColumnType<number, number | string | undefined, number | string>;
  source: string | null;
  stage: Generated<LeadStage>;
  unit_id: string;
  person: string | null;
  next_step: string | null;
  signed_on: DateText | null;
  signed_amount: ColumnType<number | null, number | string | null | undefined, number | string | null>;
  funds_in_place: ColumnType<number, number | string | undefined, number | string>;
  project_id: string | null;
  search_key: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  deleted_at: Timestamp | null;
}

export type LeadStage = 'talking' | 'signed' | 'landed' | 'started' | 'producing';

export interface LeadVisitsTable {
  tenant_id: string;
  id: Generated<string>;
  lead_id: string;
  visited_on: DateText;
  kind: 'visit' | 'talk' | 'call' | 'other';
  summary: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface AttractionQuotasTable {
  tenant_id: string;
  unit_id: string;
  year: number;
  signed_projects: ColumnType<number, number | undefined, number>;
  signed_amount: ColumnType<number, number | string | undefined, number | string>;
  funds_in_place: ColumnType<number, number | string | undefined, number | string>;
}

/** The whole database as Kysely sees it. */
/** Campaigns and rectification (migration 0014). */
export type CampaignKind = 'discussion' | 'theme_education' | 'special_rectification' | 'other';
export type ActivityKind = 'symposium' | 'research' | 'seminar' | 'study' | 'inspection' | 'observation';
export type OpinionStatus = 'open' | 'task' | 'problem' | 'answered';
export type ProblemSource = 'self' | 'superior' | 'inspection' | 'public' | 'hazard' | 'tour';
export type ProblemSeverity = 'normal' | 'serious' | 'major';
export type ProblemStatus = 'found' | 'rectifying' | 'review' | 'returned' | 'closed';

export interface CampaignsTable {
  tenant_id: string;
  id: Generated<string>;
  title: string;
  kind: CampaignKind;
  start_date: DateText;
  end_date: DateText;
  plan_directive_id: string | null;
  organizer_unit_id: string;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  public_enabled: Generated<boolean>;
  search_key: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  deleted_at: Timestamp | null;
}

export interface CampaignStagesTable {
  tenant_id: string;
  campaign_id: string;
  seq: number;
  name: string;
  start_date: DateText;
  end_date: DateText;
}

export interface CampaignUnitsTable {
  tenant_id: string;
  campaign_id: string;
  unit_id: string;
}

export interface CampaignContactPointsTable {
  tenant_id: string;
  campaign_id: string;
  leader_user_id: string;
  unit_id: string;
}

export interface CampaignActivitiesTable {
  tenant_id: string;
  id: Generated<string>;
  campaign_id: string;
  kind: ActivityKind;
  title: string;
  held_on: DateText;
  place: Generated<string>;
  host_leader_id: string | null;
  attendees: Generated<string>;
  attendee_unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  agenda: Generated<string>;
  minutes: Generated<string>;
  outcomes: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  deleted_at: Timestamp | null;
}

export interface CampaignOpinionsTable {
  tenant_id: string;
  id: Generated<string>;
  campaign_id: string;
  activity_id: string;
  content: string;
  topic: string | null;
  raised_by_user_id: string | null;
  raised_by_name: Generated<string>;
  raised_by_unit_id: string | null;
  status: Generated<OpinionStatus>;
  answer: string | null;
  task_id: string | null;
  problem_id: string | null;
  handled_by: string | null;
  handled_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface CampaignProblemsTable {
  tenant_id: string;
  id: Generated<string>;
  campaign_id: string;
  opinion_id: string | null;
  source: ProblemSource;
  topic: string | null;
  unit_id: string;
  description: string;
  severity: Generated<ProblemSeverity>;
  found_on: DateText;
  status: Generated<ProblemStatus>;
  measures: Generated<string>;
  owner_user_id: string | null;
  leader_user_id: string | null;
  deadline: DateText | null;
  /** `{ title, due }[]` (JSON text on insert and update). */
  milestones: ColumnType<{ title: string; due: string | null }[], string | undefined, string>;
  task_id: string | null;
  close_note: string | null;
  close_requested_by: string | null;
  close_requested_at: Timestamp | null;
  verified_by: string | null;
  verified_at: Timestamp | null;
  return_reason: string | null;
  reopen_count: Generated<number>;
  published: Generated<boolean>;
  search_key: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  deleted_at: Timestamp | null;
}

export interface CampaignProblemEventsTable {
  tenant_id: string;
  id: Generated<string>;
  problem_id: string;
  kind: string;
  comment: Generated<string>;
  actor_user_id: string | null;
  actor_name: Generated<string>;
  at: Timestamp;
}

/** A cadence rule of the work's rhythm (issue 12, migration 0024). */
export type CadencePeriodCode = 'week' | 'two-weeks' | 'month' | 'two-months' | 'quarter' | 'half-year' | 'year';
export type CadenceActionCode = 'bulletin' | 'coordination' | 'review' | 'site_visit' | 'duty_report' | 'custom';
export interface CadenceRulesTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  period: CadencePeriodCode;
  anchor: Generated<'day' | 'workday'>;
  anchor_days: number;
  action: CadenceActionCode;
  action_label: Generated<string>;
  scope_unit_id: string;
  modules: ColumnType<string[], string[] | undefined, string[]>;
  owner_unit_id: string;
  owner_user_id: string | null;
  remind_workdays: Generated<number>;
  starts_on: DateText;
  active: Generated<boolean>;
  preset: string | null;
  source_cadence_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type OccurrenceStatus = 'planned' | 'prepared' | 'done' | 'skipped';
export interface CadenceOccurrencesTable {
  tenant_id: string;
  id: Generated<string>;
  rule_id: string;
  period_key: string;
  period_start: DateText;
  period_end: DateText;
  due_on: DateText;
  status: Generated<OccurrenceStatus>;
  /** JSON text on insert and update. */
  material: ColumnType<unknown, string | null | undefined, string | null>;
  held_on: DateText | null;
  record: Generated<string>;
  bulletin_id: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BulletinsTable {
  tenant_id: string;
  id: Generated<string>;
  period: string;
  period_start: DateText;
  period_end: DateText;
  scope_unit_id: string;
  title: string;
  doc_number: Generated<string>;
  status: Generated<'draft' | 'published'>;
  /** JSON text on insert and update. */
  figures: ColumnType<unknown, string, string>;
  body: ColumnType<unknown, string, string>;
  generated_at: Timestamp;
  occurrence_id: string | null;
  published_at: Timestamp | null;
  published_by: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AssessmentSchemesTable {
  tenant_id: string;
  id: Generated<string>;
  year: number;
  name: string;
  owner_unit_id: string;
  objection_days: Generated<number>;
  /** JSON text on insert and update. */
  definition: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AssessmentRunsTable {
  tenant_id: string;
  id: Generated<string>;
  scheme_id: string;
  period: string;
  period_start: DateText;
  period_end: DateText;
  status: Generated<'draft' | 'published'>;
  definition: ColumnType<unknown, string, string>;
  computed_at: Timestamp;
  published_at: Timestamp | null;
  published_by: string | null;
  objection_until: DateText | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AssessmentResultsTable {
  tenant_id: string;
  run_id: string;
  unit_id: string;
  group_key: string;
  total: number;
  rank: number;
  derivation: ColumnType<unknown, string, string>;
}

export interface AssessmentInputsTable {
  tenant_id: string;
  id: Generated<string>;
  run_id: string;
  unit_id: string;
  kind: 'manual' | 'override' | 'adjustment';
  item_key: string;
  reviewer_id: string | null;
  value: number;
  note: Generated<string>;
  objection_id: string | null;
  entered_by: string | null;
  entered_at: Timestamp;
}

export interface AssessmentObjectionsTable {
  tenant_id: string;
  id: Generated<string>;
  run_id: string;
  unit_id: string;
  reason: string;
  filed_by: string;
  filed_at: Timestamp;
  status: Generated<'open' | 'upheld' | 'rejected'>;
  answer: Generated<string>;
  answered_by: string | null;
  answered_at: Timestamp | null;
}

export type SuggestionKind = 'motion' | 'suggestion' | 'proposal' | 'opinion';
export type SuggestionStatus = 'new' | 'handling' | 'answered' | 'closed';
export type SuggestionRating = 'satisfied' | 'basic' | 'unsatisfied';

/** A deputy's proposal or suggestion (议案、建议、提案、群众意见; issue 13). */
export interface SuggestionsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: SuggestionKind;
  number: string;
  session: string;
  title: string;
  content: Generated<string>;
  proposer_user_ids: Generated<string[]>;
  proposer_names: Generated<string[]>;
  office_unit_id: string;
  status: Generated<SuggestionStatus>;
  main_unit_id: string | null;
  co_unit_ids: Generated<string[]>;
  task_id: string | null;
  assigned_at: Timestamp | null;
  deadline: DateText | null;
  round: Generated<number>;
  category: string | null;
  answered_at: Timestamp | null;
  first_on_time: boolean | null;
  rating: SuggestionRating | null;
  public_agreed: Generated<boolean>;
  published_at: Timestamp | null;
  search_key: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  deleted_at: Timestamp | null;
}

/** One round of a suggestion's handling: deadline, answer and category, rating. */
export interface SuggestionRoundsTable {
  tenant_id: string;
  suggestion_id: string;
  round: number;
  deadline: DateText;
  started_at: Timestamp;
  answer: string | null;
  category: string | null;
  answered_at: Timestamp | null;
  answered_by: string | null;
  on_time: boolean | null;
  rating: SuggestionRating | null;
  rating_means: string | null;
  rating_note: Generated<string>;
  rated_by: string | null;
  rated_at: Timestamp | null;
}

export interface DB {
  tenants: TenantsTable;
  org_units: OrgUnitsTable;
  org_closure: OrgClosureTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  schema_migrations: SchemaMigrationsTable;
  dict_items: DictItemsTable;
  tasks: TasksTable;
  task_events: TaskEventsTable;
  progress_reports: ProgressReportsTable;
  attachments: AttachmentsTable;
  supervision_orders: SupervisionOrdersTable;
  escalation_proposals: EscalationProposalsTable;
  extension_requests: ExtensionRequestsTable;
  instructions: InstructionsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  unit_webhooks: UnitWebhooksTable;
  saved_filters: SavedFiltersTable;
  jobs: JobsTable;
  directives: DirectivesTable;
  directive_targets: DirectiveTargetsTable;
  directive_corrections: DirectiveCorrectionsTable;
  directive_cadences: DirectiveCadencesTable;
  unit_task_counts: UnitTaskCountsTable;
  unit_month_counts: UnitMonthCountsTable;
  suggestion_counts: SuggestionCountsTable;
  campaign_problem_counts: CampaignProblemCountsTable;
  project_month_sums: ProjectMonthSumsTable;
  project_plan_sums: ProjectPlanSumsTable;
  project_stage_sums: ProjectStageSumsTable;
  project_place_sums: ProjectPlaceSumsTable;
  counter_days: CounterDaysTable;
  reminder_marks: ReminderMarksTable;
  campaigns: CampaignsTable;
  campaign_stages: CampaignStagesTable;
  campaign_units: CampaignUnitsTable;
  campaign_contact_points: CampaignContactPointsTable;
  campaign_activities: CampaignActivitiesTable;
  campaign_opinions: CampaignOpinionsTable;
  campaign_problems: CampaignProblemsTable;
  campaign_problem_events: CampaignProblemEventsTable;
  projects: ProjectsTable;
  project_milestones: ProjectMilestonesTable;
  project_year_plans: ProjectYearPlansTable;
  project_reports: ProjectReportsTable;
  project_problems: ProjectProblemsTable;
  project_tag_groups: ProjectTagGroupsTable;
  project_tags: ProjectTagsTable;
  investment_leads: InvestmentLeadsTable;
  lead_visits: LeadVisitsTable;
  attraction_quotas: AttractionQuotasTable;
  meetings: MeetingsTable;
  meeting_items: MeetingItemsTable;
  meeting_decisions: MeetingDecisionsTable;
  meeting_attendance: MeetingAttendanceTable;
  indicators: IndicatorsTable;
  indicator_values: IndicatorValuesTable;
  indicator_targets: IndicatorTargetsTable;
  peers: PeersTable;
  peer_values: PeerValuesTable;
  cadence_rules: CadenceRulesTable;
  assessment_schemes: AssessmentSchemesTable;
  assessment_runs: AssessmentRunsTable;
  assessment_results: AssessmentResultsTable;
  assessment_inputs: AssessmentInputsTable;
  assessment_objections: AssessmentObjectionsTable;
  cadence_occurrences: CadenceOccurrencesTable;
  bulletins: BulletinsTable;
  suggestions: SuggestionsTable;
  suggestion_rounds: SuggestionRoundsTable;
}

export type LeadRow = Selectable<InvestmentLeadsTable>;

export type ProjectRow = Selectable<ProjectsTable>;
export type IndicatorRow = Selectable<IndicatorsTable>;
export type PeerRow = Selectable<PeersTable>;
export type SuggestionRow = Selectable<SuggestionsTable>;
export type SuggestionRoundRow = Selectable<SuggestionRoundsTable>;

export type OrgUnitRow = Selectable<OrgUnitsTable>;
export type NewOrgUnit = Insertable<OrgUnitsTable>;
export type OrgUnitUpdate = Updateable<OrgUnitsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type LoginFailureRow = Selectable<LoginFailuresTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type TaskRow = Selectable<TasksTable>;
export type ProgressReportRow = Selectable<ProgressReportsTable>;
export type SupervisionOrderRow = Selectable<SupervisionOrdersTable>;
export type JobRow = Selectable<JobsTable>;
export type DirectiveRow = Selectable<DirectivesTable>;
export type CampaignRow = Selectable<CampaignsTable>;
export type CampaignActivityRow = Selectable<CampaignActivitiesTable>;
export type CampaignOpinionRow = Selectable<CampaignOpinionsTable>;
export type CampaignProblemRow = Selectable<CampaignProblemsTable>;
