import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { appliedMigrations } from '../../db/migrate.ts';
import type { App } from '../../http/types.ts';

export const APP_VERSION = '0.1.0';

/** Liveness with the engine, version and applied migrations. */
export function registerHealthRoutes(app: App, database: Database): void {
  app.get('/api/health', {
    config: { auth: 'public' },
    schema: {
      tags: ['系统'],
      summary: '健康检查',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), version: z.string(), migrations: z.array(z.string()) }) },
    },
    handler: async () => ({ status: 'ok' as const, database: database.engine, version: APP_VERSION, migrations: [...(await appliedMigrations(database)).keys()] }),
  });
}
