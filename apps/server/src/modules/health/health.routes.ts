import { z } from 'zod';
import { hasRole } from '../../access/index.ts';
import type { Database } from '../../db/database.ts';
import { appliedMigrations } from '../../db/migrate.ts';
import type { App } from '../../http/types.ts';

export const APP_VERSION = '0.1.0';

/** Liveness for anyone; the engine, version and applied migrations for administrators only. */
export function registerHealthRoutes(app: App, database: Database): void {
  app.get('/api/health', {
    config: { auth: 'optional', allowPendingPasswordChange: true },
    schema: {
      tags: ['系统'],
      summary: '健康检查（数据库类型、版本与已执行的迁移仅管理员可见）',
      response: {
        200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']).optional(), version: z.string().optional(), migrations: z.array(z.string()).optional() }),
      },
    },
    handler: async (req) => {
      // Anyone learns that the process answers; what runs and which migrations it has are for administrators.
      if (!req.actor || !hasRole(req.actor, 'admin')) return { status: 'ok' as const };
      return { status: 'ok' as const, database: database.engine, version: APP_VERSION, migrations: [...(await appliedMigrations(database)).keys()] };
    },
  });
}
