import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ProjectStage } from './db/schema.ts';
import { parseYearCheck } from './modules/projects/project-rules.ts';
import { DEFAULT_CATEGORIES, parseCategories, type AnswerCategory } from './modules/suggestions/suggestion-rules.ts';
import { parseEscalationRules, type EscalationRules } from './supervision/rules/escalation.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  LUOSHI_DATA_DIR: z.string().default('./data'),
  LUOSHI_FILES_DIR: z.string().optional(),
  LUOSHI_AUDIT_KEY_FILE: z.string().optional(),
  LUOSHI_YELLOW_WORKDAYS: z.coerce.number().int().min(0).max(30).default(3),
  LUOSHI_PARENT_LIGHT: z.enum(['worst', 'own'], { error: 'LUOSHI_PARENT_LIGHT 应为 worst 或 own' }).default('worst'),
  LUOSHI_REMIND_BEFORE_WORKDAYS: z.coerce.number().int().min(0).max(30).default(3),
  LUOSHI_ESCALATION_WORKDAYS: z.string().default('1,5,10'),
  LUOSHI_ORDER_SIGNOFF: z.enum(['off', 'red', 'yellow'], { error: 'LUOSHI_ORDER_SIGNOFF 应为 off、red 或 yellow' }).default('off'),
  LUOSHI_JOBS: z.string().default('1'),
  LUOSHI_CALENDAR_FILE: z.string().optional(),
  LUOSHI_ADMIN_PASSWORD: z.string().optional(),
  LUOSHI_DEMO: z.string().default('1'),
  LUOSHI_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  LUOSHI_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  LUOSHI_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  LUOSHI_LOGIN_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  LUOSHI_COOKIE_SECURE: z.string().default('auto'),
  LUOSHI_TRUST_PROXY: z.string().default(''),
  LUOSHI_PENDING_UPLOADS_MAX: z.coerce.number().int().min(1).default(50),
  LUOSHI_PENDING_UPLOAD_MB: z.coerce.number().int().min(1).default(200),
  LUOSHI_API_DOCS: z.enum(['0', '1'], { error: 'LUOSHI_API_DOCS 应为 0 或 1' }).optional(),
  LOG_LEVEL: z.string().default('info'),
  LUOSHI_SMTP_HOST: z.string().optional(),
  LUOSHI_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LUOSHI_SMTP_SECURE: z.string().optional(),
  LUOSHI_SMTP_USER: z.string().optional(),
  LUOSHI_SMTP_PASSWORD: z.string().optional(),
  LUOSHI_SMTP_PASSWORD_FILE: z.string().optional(),
  LUOSHI_SMTP_FROM: z.string().optional(),
  LUOSHI_PROJECT_REPORT_DAY: z.coerce.number().int().min(1).max(28).default(5),
  LUOSHI_PROJECT_REMIND_WORKDAYS: z.coerce.number().int().min(0).max(20).default(3),
  LUOSHI_PROJECT_YEAR_CHECK: z.string().default('started,completed,producing'),
  LUOSHI_SUGGESTION_ANSWER_MONTHS: z.coerce.number().int().min(1).max(12).default(3),
  LUOSHI_SUGGESTION_CATEGORIES: z.string().default(DEFAULT_CATEGORIES),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { error: 'LOG_FORMAT 应为 auto、json 或 pretty' }).default('auto'),
});

const SIGNOFF_LEVELS = { off: [], red: ['red'], yellow: ['yellow', 'red'] } as const;
/** The SMTP server of the e-mail channel (none: no e-mail channel). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  from: string;
}

/** The deployment's configuration, parsed once from the environment. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Uploaded evidence, outside the web root. */
  filesDir: string;
  /** The HMAC key of the audit chain, outside the database (created at first start, 0600). */
  auditKeyFile: string;
  yellowWithinWorkdays: number;
  /** 'worst': a parent shows the worst light of its open children and itself; 'own': only its own. */
  parentLight: 'worst' | 'own';
  remindBeforeWorkdays: number;
  /** Overdue working days at which the nightly pass proposes a blue, yellow and red order; null: off. */
  escalation: EscalationRules | null;
  /** The order levels that go out only after the task's responsible leader signs them (签发): none, red, or yellow and red. */
  orderSignoff: readonly ('yellow' | 'red')[];
  /** Run the job loop in this process. */
  jobs: boolean;
  /** JSON with official holidays and make-up workdays the built-in calendar lacks (later years). */
  calendarFile: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginRatePerMinute: number;
  /** First step of the wait before answering a login after failures from its address (doubling, up to 16 steps). */
  loginDelayMs: number;
  cookieSecure: 'auto' | boolean;
  /**
   * Which proxies may say who the client is (X-Forwarded-For, -Proto, -Host), as Fastify's
   * trustProxy takes it: false (none: the client is the connection's peer), a number of proxy
   * hops in front of the server, or the proxies' addresses and CIDR ranges.
   */
  trustProxy: TrustProxy;
  /** Per user: uploads not yet attached to a task, report or directive (count and total bytes). */
  pendingUploads: { maxFiles: number; maxBytes: number };
  /** Serve /api/docs and /api/openapi.json to anyone; default on in demo mode, off otherwise. */
  apiDocs: boolean;
  logLevel: string;
  smtp: SmtpConfig | null;
  /** auto: readable lines on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Key projects: a month's report is on time up to this day of the next month. */
  projectReportDay: number;
  /** Key projects: the lead unit's liaisons are reminded this many working days before the report's due day. */
  projectRemindWorkdays: number;
  /** Key projects: the stage a project must reach by the end of its 1st, 2nd … year on the list; empty: no check. */
  projectYearCheck: readonly ProjectStage[];
  /** Deputies' suggestions: the answering deadline in months from assignment, and the answer's handling categories. */
  suggestions: { answerMonths: number; categories: readonly AnswerCategory[] };
}

export type TrustProxy = false | number | string[];

/**
 * The setting as Fastify's trustProxy option. Fastify ignores a bare number (it cannot check the
 * peer), so a hop count becomes "trust the nearest N addresses of the chain", as Express does:
 * right only when the server is reachable through the proxy alone.
 */
export function trustProxyOption(setting: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** The address ranges proxy-addr knows by name. */
const PROXY_ADDR_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * LUOSHI_TRUST_PROXY: unset, 0, off or false — trust no proxy; a hop count (1 for one reverse
 * proxy in front); or a comma list of addresses, CIDR ranges and the names loopback, linklocal, uniquelocal. "true" (trust
 * any sender) is refused: then anyone could name any address and pass the login rate limit.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim().toLowerCase();
  if (v === '' || v === '0' || v === 'off' || v === 'false' || v === 'no') return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 20) throw new Error(`环境变量 LUOSHI_TRUST_PROXY 无效：代理层数 ${hops} 过大`);
    return hops;
  }
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [address = '', bits, extra] = entry.split('/');
    const isV4 = IPV4.test(address);
    if (PROXY_ADDR_NAMES.has(address) && bits === undefined) continue;
    const isV6 = !isV4 && /^[0-9a-f:.]+$/.test(address) && address.includes(':');
    const maxBits = isV4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!(isV4 || isV6) || !bitsOk || extra !== undefined) {
      throw new Error(`环境变量 LUOSHI_TRUST_PROXY 无效：「${entry}」不是代理层数、IP 地址或 CIDR 网段（如 1 或 10.0.0.0/8,127.0.0.1）`);
    }
  }
  return list;
}

/** Parses the environment into a frozen Config; throws with the offending variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`环境变量 ${issue?.path.join('.')} 无效：${issue?.message}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.LUOSHI_DATA_DIR),
    filesDir: path.resolve(e.LUOSHI_FILES_DIR ?? path.join(e.LUOSHI_DATA_DIR, 'files')),
    auditKeyFile: path.resolve(e.LUOSHI_AUDIT_KEY_FILE || path.join(e.LUOSHI_DATA_DIR, 'audit.key')),
    yellowWithinWorkdays: e.LUOSHI_YELLOW_WORKDAYS,
    parentLight: e.LUOSHI_PARENT_LIGHT,
    remindBeforeWorkdays: e.LUOSHI_REMIND_BEFORE_WORKDAYS,
    escalation: parseEscalationRules(e.LUOSHI_ESCALATION_WORKDAYS),
    orderSignoff: SIGNOFF_LEVELS[e.LUOSHI_ORDER_SIGNOFF],
    jobs: e.LUOSHI_JOBS !== '0',
    calendarFile: e.LUOSHI_CALENDAR_FILE ? path.resolve(e.LUOSHI_CALENDAR_FILE) : undefined,
    adminPassword: e.LUOSHI_ADMIN_PASSWORD || undefined,
    demo: e.LUOSHI_DEMO !== '0',
    sessionIdleMinutes: e.LUOSHI_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.LUOSHI_SESSION_MAX_HOURS,
    loginRatePerMinute: e.LUOSHI_LOGIN_RATE_PER_MINUTE,
    loginDelayMs: e.LUOSHI_LOGIN_DELAY_MS,
    cookieSecure: e.LUOSHI_COOKIE_SECURE === 'auto' ? 'auto' : e.LUOSHI_COOKIE_SECURE === '1' || e.LUOSHI_COOKIE_SECURE === 'true',
    trustProxy: parseTrustProxy(e.LUOSHI_TRUST_PROXY),
    pendingUploads: { maxFiles: e.LUOSHI_PENDING_UPLOADS_MAX, maxBytes: e.LUOSHI_PENDING_UPLOAD_MB * 1024 * 1024 },
    apiDocs: e.LUOSHI_API_DOCS === undefined ? e.LUOSHI_DEMO !== '0' : e.LUOSHI_API_DOCS === '1',
    logLevel: e.LOG_LEVEL,
    smtp: smtpConfig(e),
    logFormat: e.LOG_FORMAT,
    projectReportDay: e.LUOSHI_PROJECT_REPORT_DAY,
    projectRemindWorkdays: e.LUOSHI_PROJECT_REMIND_WORKDAYS,
    projectYearCheck: yearCheck(e.LUOSHI_PROJECT_YEAR_CHECK),
    suggestions: { answerMonths: e.LUOSHI_SUGGESTION_ANSWER_MONTHS, categories: suggestionCategories(e.LUOSHI_SUGGESTION_CATEGORIES) },
  });
}

function suggestionCategories(text: string): AnswerCategory[] {
  try {
    return parseCategories(text);
  } catch (err) {
    throw new Error(`环境变量 LUOSHI_SUGGESTION_CATEGORIES 无效：${(err as Error).message}`, { cause: err });
  }
}

function yearCheck(text: string): ProjectStage[] {
  try {
    return parseYearCheck(text);
  } catch (err) {
    throw new Error(`环境变量 LUOSHI_PROJECT_YEAR_CHECK 无效：${(err as Error).message}`, { cause: err });
  }
}

function smtpConfig(e: z.infer<typeof schema>): SmtpConfig | null {
  if (!e.LUOSHI_SMTP_HOST) return null;
  const port = e.LUOSHI_SMTP_PORT ?? (e.LUOSHI_SMTP_SECURE === '1' || e.LUOSHI_SMTP_SECURE === 'true' ? 465 : 587);
  let password = e.LUOSHI_SMTP_PASSWORD || undefined;
  if (e.LUOSHI_SMTP_PASSWORD_FILE) {
    try {
      password = fs.readFileSync(e.LUOSHI_SMTP_PASSWORD_FILE, 'utf8').trim();
    } catch (err) {
      throw new Error(`环境变量 LUOSHI_SMTP_PASSWORD_FILE 无效：无法读取 ${e.LUOSHI_SMTP_PASSWORD_FILE} (${(err as Error).message})`, { cause: err });
    }
  }
  const from = e.LUOSHI_SMTP_FROM || (e.LUOSHI_SMTP_USER?.includes('@') ? e.LUOSHI_SMTP_USER : undefined);
  if (!from) throw new Error('环境变量 LUOSHI_SMTP_FROM 无效：配置了 LUOSHI_SMTP_HOST 时须填写发件人地址');
  return {
    host: e.LUOSHI_SMTP_HOST,
    port,
    secure: e.LUOSHI_SMTP_SECURE === undefined ? port === 465 : e.LUOSHI_SMTP_SECURE === '1' || e.LUOSHI_SMTP_SECURE === 'true',
    user: e.LUOSHI_SMTP_USER || undefined,
    password,
    from,
  };
}
