import type { Kysely } from 'kysely';
import type { Actor } from '../../access/index.ts';
import type { ApiTokenRow, DB } from '../../db/schema.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { randomSecret, sha256 } from '../../lib/crypto.ts';
import type { AuditService } from '../audit/audit.service.ts';

/**
 * What the token list shows of a token: the first characters of its own secret (the part after
 * the tenant, which every token of a tenant shares), enough to tell which token a system holds.
 */
export function tokenIdentifier(secret: string): string {
  return `lst_…_${secret.slice(0, 8)}…`;
}

/**
 * Revokes every live token of a user, in the caller's transaction: after an administrator resets
 * their password, deactivates them or changes their roles, nothing issued before keeps working.
 * Answers how many were revoked, for the audit summary.
 */
export async function revokeUserTokens(tx: Kysely<DB>, tenantId: string, userId: string, now: Date): Promise<number> {
  const r = await tx.updateTable('api_tokens').set({ revoked_at: now }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

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
        .values({ tenant_id: actor.tenantId, user_id: actor.userId, name: input.name, token_hash: sha256(secret), prefix: tokenIdentifier(secret), access: input.access, expires_at: expiresAt })
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
