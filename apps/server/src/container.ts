import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/schema.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { ephemeralAuditKey, type AuditKey } from './modules/audit/audit-key.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { TokenService } from './modules/auth/tokens.service.ts';
import { OrgService } from './modules/org/org.service.ts';
import { UserService } from './modules/users/users.service.ts';
import { FileStore } from './lib/file-store.ts';
import { createLogger } from './lib/logger.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { supervisionJobs } from './jobs/supervision-jobs.ts';
import { uploadJobs } from './jobs/upload-cleanup.ts';
import { notificationJobs } from './jobs/notification-jobs.ts';
import { emailChannel, webhookChannel } from './modules/notifications/channels.ts';
import { OutboxService } from './modules/notifications/outbox.service.ts';
import { AttachmentService } from './supervision/attachment.service.ts';
import { DashboardService } from './supervision/dashboard.service.ts';
import { FollowUpService } from './supervision/followup.service.ts';
import { LightService } from './supervision/light.service.ts';
import { logChannel, NotificationService, type Channel } from './supervision/notification.service.ts';
import { DEFAULT_LIGHT_RULES } from './supervision/rules/lights.ts';
import { chineseCalendar, isValidDate, type WorkCalendar } from './supervision/rules/working-days.ts';
import fs from 'node:fs';
import { TaskService } from './supervision/task.service.ts';
import { HomeService } from './supervision/home.service.ts';
import { DirectiveService } from './directives/directive.service.ts';
import { CampaignService } from './modules/campaigns/campaigns.service.ts';
import { ProjectService } from './modules/projects/projects.service.ts';
import { LeadService } from './modules/projects/leads.service.ts';
import { ProjectTagService } from './modules/projects/project-tags.service.ts';
import { MeetingService } from './modules/meetings/meetings.service.ts';
import { IndicatorService } from './modules/indicators/indicators.service.ts';
import { AssessmentService } from './modules/rhythm/assessment.service.ts';
import { SuggestionService } from './modules/suggestions/suggestions.service.ts';
import { RhythmService } from './modules/rhythm/rhythm.service.ts';
import { BurdenService } from './modules/burden/burden.service.ts';

/** Everything the app is made of, wired once: database → services. */
export interface Container {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  /** The key the audit chain is written with (see audit-key.ts). */
  auditKey: AuditKey;
  auth: AuthService;
  tokens: TokenService;
  org: OrgService;
  users: UserService;
  calendar: WorkCalendar;
  notifications: NotificationService;
  /** Delivery of notices after commit, and the channel settings of people and units. */
  outbox: OutboxService;
  lights: LightService;
  tasks: TaskService;
  followUps: FollowUpService;
  attachments: AttachmentService;
  dashboard: DashboardService;
  home: HomeService;
  directives: DirectiveService;
  /** Campaigns and rectification (issue 10). */
  campaigns: CampaignService;
  /** Key projects (issue 11). */
  projects: ProjectService;
  /** The project tag dictionary (issue 11). */
  projectTags: ProjectTagService;
  /** Coordination meetings (会办) over project problems (issue 11). */
  meetings: MeetingService;
  /** Investment attraction (issue 11). */
  leads: LeadService;
  /** Indicators, targets, peers and benchmarking (issue 13). */
  indicators: IndicatorService;
  /** Deputies' proposals and suggestions (issue 13). */
  suggestions: SuggestionService;
  /** The work's rhythm: cadence rules, occurrences, bulletins (issue 12). */
  rhythm: RhythmService;
  /** The reporting burden: what each unit was asked to fill in per month (issue 12 item 5). */
  burden: BurdenService;
  /** The comprehensive assessment (综合考核): schemes, runs, objections (issue 12). */
  assessment: AssessmentService;
  jobs: JobRunner;
}

/**
 * The composition root. The clock is a dependency so tests can move time. The audit key comes
 * from `openAuditKey` (main.ts, cli.ts); without one (tests, benchmarks) a key lives in memory only,
 * and the chain it writes cannot be verified after the process ends.
 */
export function createContainer(input: { config: Config; database: Database; clock?: Clock; logger?: Logger; channels?: Channel[]; auditKey?: AuditKey }): Container {
  const { config, database } = input;
  const db = database.db;
  const clock = input.clock ?? systemClock;
  const logger = input.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const auditKey = input.auditKey ?? ephemeralAuditKey();
  const audit = new AuditService({ db, clock, key: auditKey });
  const calendar = chineseCalendar(loadCalendarOverrides(config.calendarFile));
  const channels = input.channels ?? defaultChannels(config, clock, logger);
  const notifications = new NotificationService({ db, clock, channels });
  const outbox = new OutboxService({ db, clock, logger, audit, channels, emailConfigured: channels.some((c) => c.name === 'email') });
  const lights = new LightService({ db, clock, calendar, rules: { ...DEFAULT_LIGHT_RULES, yellowWithinWorkdays: config.yellowWithinWorkdays, parentRollup: config.parentLight } });
  const supervision = { db, clock, calendar, audit, lights, notifications };
  const tasks = new TaskService(supervision);
  const followUps = new FollowUpService({ ...supervision, tasks, orderSignoff: config.orderSignoff });
  const projects = new ProjectService({ db, clock, audit, tasks, calendar, notifications, settings: { reportDueDay: config.projectReportDay, remindWorkdays: config.projectRemindWorkdays, yearCheck: config.projectYearCheck } });
  const rhythm = new RhythmService({ db, clock, calendar, audit, notifications });
  const assessment = new AssessmentService({ db, clock, audit, notifications });
  const files = new FileStore(config.filesDir);
  const jobs = new JobRunner({
    db,
    clock,
    logger,
    handlers: [
      ...supervisionJobs({ ...supervision, settings: { beforeDeadlineWorkdays: config.remindBeforeWorkdays, escalation: config.escalation } }),
      ...uploadJobs({ db, clock, files, audit, logger }),
      ...notificationJobs(outbox),
      { kind: 'projects.relight', run: async (job) => ({ relit: await projects.relightAll(job.tenant_id!) }) },
      { kind: 'projects.remind', run: async (job) => projects.remindReports(job.tenant_id!) },
      { kind: 'rhythm.scan', run: async (job) => rhythm.scan(job.tenant_id!) },
    ],
  });
  const attachments = new AttachmentService({ db, clock, files, tasks, audit, pendingQuota: config.pendingUploads });
  const campaigns = new CampaignService({ db, clock, audit, tasks });
  campaigns.registerAttachmentOwners(attachments);
  projects.registerAttachmentOwners(attachments);
  assessment.registerAttachmentOwners(attachments);
  const suggestions = new SuggestionService({ db, clock, audit, tasks, notifications, settings: config.suggestions });
  suggestions.registerAttachmentOwners(attachments);
  return {
    config,
    database,
    db,
    clock,
    logger,
    audit,
    auditKey,
    auth: new AuthService({ db, clock, audit, session: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }, loginDelayMs: config.loginDelayMs }),
    tokens: new TokenService({ db, clock, audit }),
    org: new OrgService({ db, audit }),
    users: new UserService({ db, clock, audit }),
    calendar,
    notifications,
    outbox,
    lights,
    tasks,
    followUps,
    attachments,
    dashboard: new DashboardService({ db, clock, logger }),
    home: new HomeService({ db, clock, orderSignoff: config.orderSignoff.length > 0 }),
    directives: new DirectiveService({ db, clock, audit, tasks, logger }),
    campaigns,
    projects,
    projectTags: new ProjectTagService({ db, audit }),
    leads: new LeadService({ db, clock, audit, projects }),
    meetings: new MeetingService({ db, clock, audit, tasks, topUnit: (actor, db) => rhythm.topUnit(actor, db) }),
    indicators: new IndicatorService({ db, clock, audit }),
    suggestions,
    rhythm,
    burden: new BurdenService({ db, clock, calendar, settings: { projectReportDay: config.projectReportDay } }),
    assessment,
    jobs,
  };
}

/**
 * The channels beside the in-app centre: e-mail when SMTP is configured (else the log, as before),
 * and the units' group robots (configured per unit in the database).
 */
export function defaultChannels(config: Config, clock: Clock, logger: Logger): Channel[] {
  return [config.smtp ? emailChannel(config.smtp) : logChannel(logger), webhookChannel({ clock })];
}

/**
 * Official holidays and make-up workdays from a JSON file `{ "holidays": [...], "workdays": [...] }`
 * (dates as YYYY-MM-DD), for years the built-in calendar does not know yet.
 */
export function loadCalendarOverrides(file: string | undefined): { holidays: string[]; workdays: string[] } | undefined {
  if (!file) return undefined;
  let data: { holidays?: unknown; workdays?: unknown };
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof data;
  } catch (err) {
    throw new Error(`节假日文件 ${file} 无法读取：${(err as Error).message}`, { cause: err });
  }
  const dates = (field: 'holidays' | 'workdays') => {
    const list = data[field] ?? [];
    if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && isValidDate(d))) throw new Error(`节假日文件 ${file} 的 ${field} 应为 YYYY-MM-DD 日期数组`);
    return list as string[];
  };
  return { holidays: dates('holidays'), workdays: dates('workdays') };
}
