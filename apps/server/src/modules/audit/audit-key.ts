import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/database.ts';

/**
 * The secret that keys the audit chain, kept outside the database (LUOSHI_AUDIT_KEY_FILE, by
 * default `<data folder>/audit.key`, mode 0600). Someone who can write to the database but not
 * read this file cannot recompute a chain that `audit verify` accepts.
 *
 * The file also records where each tenant's chain switched from plain SHA-256 to the key: the
 * chain's length when the key was created (`plainUntil`). Rows up to there were written before
 * chains were keyed and still verify as plain SHA-256; every later row must carry the key. The
 * switch point lives in the file, not the database, so nobody can move it forward with SQL to
 * pass a rewritten chain off as an old plain one.
 */
export interface AuditKey {
  secret: Buffer;
  /** Per tenant: the last sequence number written with plain SHA-256 (absent: none). */
  plainUntil: Readonly<Record<string, number>>;
}

interface KeyFile {
  format: 'luoshi-audit-key';
  version: 1;
  createdAt: string;
  key: string;
  plainUntil: Record<string, number>;
}

/** A key held only in memory (tests, benchmarks): every row is keyed. */
export function ephemeralAuditKey(): AuditKey {
  return { secret: randomBytes(32), plainUntil: {} };
}

/** Hex HMAC-SHA256 of a string under the audit key. */
export function auditMac(key: AuditKey, text: string): string {
  return createHmac('sha256', key.secret).update(text).digest('hex');
}

/** Reads the key file; null when it does not exist. Throws naming the file when it is unusable. */
export function readAuditKey(file: string): AuditKey | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`审计密钥文件 ${file} 无法读取：${(err as Error).message}`, { cause: err });
  }
  let data: Partial<KeyFile>;
  try {
    data = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    data = {};
  }
  if (data.format !== 'luoshi-audit-key' || typeof data.key !== 'string' || !/^[0-9a-f]{64}$/.test(data.key)) {
    throw new Error(`审计密钥文件 ${file} 格式不对 (not a Luoshi audit key file)`);
  }
  const plainUntil: Record<string, number> = {};
  for (const [tenant, seq] of Object.entries(data.plainUntil ?? {})) {
    if (!Number.isInteger(seq) || seq < 0) throw new Error(`审计密钥文件 ${file} 的 plainUntil.${tenant} 无效`);
    plainUntil[tenant] = seq;
  }
  return { secret: Buffer.from(data.key, 'hex'), plainUntil };
}

/**
 * The deployment's audit key: read from `file`, or created there on first start (0600). Creation
 * records each tenant's current chain length as its plain part — call it after migrations and
 * before anything appends. Two processes starting together agree on one file (exclusive create).
 */
export async function openAuditKey(file: string, db: Executor): Promise<{ key: AuditKey; created: boolean }> {
  const existing = readAuditKey(file);
  if (existing) return { key: existing, created: false };
  const heads = await db.selectFrom('audit_heads').select(['tenant_id', 'seq']).where('seq', '>', 0).execute();
  const content: KeyFile = {
    format: 'luoshi-audit-key',
    version: 1,
    createdAt: new Date().toISOString(),
    key: randomBytes(32).toString('hex'),
    plainUntil: Object.fromEntries(heads.map((h) => [h.tenant_id, Number(h.seq)])),
  };
  // Written whole to a private temporary file, then linked into place: the link fails if another
  // process got there first, and nobody ever reads a half-written key.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    fs.linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`无法创建审计密钥文件 ${file}: ${(err as Error).message}`, { cause: err });
    return { key: readAuditKey(file)!, created: false };
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return { key: readAuditKey(file)!, created: true };
}
