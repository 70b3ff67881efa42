import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/schema.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { TokenService } from './modules/auth/tokens.service.ts';
import { OrgService } from './modules/org/org.service.ts';
import { UserService } from './modules/users/users.service.ts';

/** Everything the app is made of, wired once: database → services. */
export interface Container {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  auth: AuthService;
  tokens: TokenService;
  org: OrgService;
  users: UserService;
}

/** The composition root. The clock is a dependency so tests can move time. */
export function createContainer(input: { config: Config; database: Database; clock?: Clock; logger?: Logger }): Container {
  const { config, database } = input;
  const db = database.db;
  const clock = input.clock ?? systemClock;
  const logger = input.logger ?? pino({ level: config.logLevel });
  const audit = new AuditService({ db, clock });
  return {
    config,
    database,
    db,
    clock,
    logger,
    audit,
    auth: new AuthService({ db, clock, audit, session: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours } }),
    tokens: new TokenService({ db, clock, audit }),
    org: new OrgService({ db, audit }),
    users: new UserService({ db, clock, audit }),
  };
}
