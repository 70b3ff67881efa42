import path from 'node:path';
import { z } from 'zod';
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
  LUOSHI_JOBS: z.string().default('1'),
  LUOSHI_CALENDAR_FILE: z.string().optional(),
  LUOSHI_ADMIN_PASSWORD: z.string().optional(),
  LUOSHI_DEMO: z.string().default('1'),
  LUOSHI_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  LUOSHI_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  LUOSHI_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  LUOSHI_COOKIE_SECURE: z.string().default('auto'),
  LOG_LEVEL: z.string().default('info'),
});

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
  /** Run the job loop in this process. */
  jobs: boolean;
  /** JSON with official holidays and make-up workdays the built-in calendar lacks (later years). */
  calendarFile: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginRatePerMinute: number;
  cookieSecure: 'auto' | boolean;
  logLevel: string;
}

/** Parses the environment into a frozen Config; throws with the offending variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`环境变量 ${issue?.path.join('.')} 无效: ${issue?.message}`);
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
    jobs: e.LUOSHI_JOBS !== '0',
    calendarFile: e.LUOSHI_CALENDAR_FILE ? path.resolve(e.LUOSHI_CALENDAR_FILE) : undefined,
    adminPassword: e.LUOSHI_ADMIN_PASSWORD || undefined,
    demo: e.LUOSHI_DEMO !== '0',
    sessionIdleMinutes: e.LUOSHI_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.LUOSHI_SESSION_MAX_HOURS,
    loginRatePerMinute: e.LUOSHI_LOGIN_RATE_PER_MINUTE,
    cookieSecure: e.LUOSHI_COOKIE_SECURE === 'auto' ? 'auto' : e.LUOSHI_COOKIE_SECURE === '1' || e.LUOSHI_COOKIE_SECURE === 'true',
    logLevel: e.LOG_LEVEL,
  });
}
