import type { Kysely } from 'kysely';
import type { Actor } from '../../access/index.ts';
import type { ApiTokenRow, DB } from '../../db/schema.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { randomSecret, sha256 } from '../../lib/crypto.ts';
import type { AuditService } from '../audit/audit.service.ts';

/** Personal API tokens for integrations: shown once, stored hashed, read-only or read-write, revocable. */
export class TokenService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; audit: Pick<AuditService, 'record'> }) {}

  list(actor: Actor): Promise<ApiTokenRow[]> {
    return this.deps.db.selectFrom('api_tokens').selectAll().where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).orderBy('created_at', 'desc').execute();
  }

  async create(actor: Actor, input: { name: string; access: 'read' | 'write'; expiresInDays?: number | undefined }): Promise<{ token: string; row: ApiTokenRow }> {
    if (actor.via !== 'session') throw forbidden('只能在登录状态下创建 API 令牌');
    const secret = randomSecret(32);
    const token = `lst_${actor.tenantId.replace(/-/g, '')}_${secret}`;
    const expiresAt = input.expiresInDays ? new Date(this.deps.clock.now().getTime() + input.expiresInDays * 86400_000) : null;
    const row = await this.deps.db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('api_tokens')
        .values({ tenant_id: actor.tenantId, user_id: actor.userId, name: input.name, token_hash: sha256(secret), prefix: token.slice(0, 12), access: input.access, expires_at: expiresAt })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actor, { action: 'token.create', entityType: 'apiToken', entityId: created.id, summary: `创建 API 令牌 ${input.name}`, after: { name: input.name, access: input.access, expiresAt } });
      return created;
    });
    return { token, row };
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('api_tokens').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
      if (!row) throw notFound('API 令牌');
      if (row.revoked_at) return;
      await tx.updateTable('api_tokens').set({ revoked_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actor, { action: 'token.revoke', entityType: 'apiToken', entityId: id, summary: `撤销 API 令牌 ${row.name}` });
    });
  }
}
