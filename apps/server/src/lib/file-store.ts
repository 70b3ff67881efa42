import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** The key content is stored under: its SHA-256 in hex. */
export function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Takes the transaction-long lock of one stored content, so that storing it for a new row and
 * deleting it once no row refers to it (the pending-upload cleanup) never interleave.
 */
export async function lockContent(tx: Executor, tenantId: string, sha256: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`file:${tenantId}:${sha256}`}))`.execute(tx);
}

/** Files kept outside the web root, by content hash; never served inline or executed. */
export class FileStore {
  constructor(private readonly root: string) {}

  private pathOf(tenantId: string, sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256) || !/^[0-9a-f-]{36}$/.test(tenantId)) throw new Error('invalid file key');
    return path.join(this.root, tenantId, sha256.slice(0, 2), sha256);
  }

  /** Stores bytes and returns their SHA-256 (the same content is stored once). */
  async put(tenantId: string, bytes: Buffer, sha = contentHash(bytes)): Promise<string> {
    const file = this.pathOf(tenantId, sha);
    if (!fs.existsSync(file)) {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, bytes, { mode: 0o600 });
      await fs.promises.rename(tmp, file);
    }
    return sha;
  }

  async get(tenantId: string, sha256: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(tenantId, sha256));
  }

  /** Whether the content is stored. */
  has(tenantId: string, sha256: string): boolean {
    return fs.existsSync(this.pathOf(tenantId, sha256));
  }

  /** Deletes stored content (callers make sure no attachment row refers to it); gone already is fine. */
  async remove(tenantId: string, sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(tenantId, sha256), { force: true });
  }
}

/** The evidence file types accepted, recognised by their first bytes rather than their names. */
export const EVIDENCE_TYPES: Record<string, { label: string; extensions: string[] }> = {
  'image/jpeg': { label: 'JPEG 图片', extensions: ['jpg', 'jpeg'] },
  'image/png': { label: 'PNG 图片', extensions: ['png'] },
  'image/gif': { label: 'GIF 图片', extensions: ['gif'] },
  'image/webp': { label: 'WebP 图片', extensions: ['webp'] },
  'application/pdf': { label: 'PDF 文档', extensions: ['pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word 文档', extensions: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excel 表格', extensions: ['xlsx'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { label: 'PowerPoint 演示文稿', extensions: ['pptx'] },
  'application/msword': { label: 'Word 97-2003 文档', extensions: ['doc'] },
  'application/vnd.ms-excel': { label: 'Excel 97-2003 表格', extensions: ['xls'] },
  'application/vnd.ms-powerpoint': { label: 'PowerPoint 97-2003', extensions: ['ppt'] },
};

/**
 * The content type of an evidence file from its magic bytes, checked against its extension;
 * null when it is not an accepted type (or pretends to be another).
 */
export function sniffEvidenceType(bytes: Buffer, fileName: string): string | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const starts = (...b: number[]) => b.every((v, i) => bytes[i] === v);
  let type: string | null = null;
  if (starts(0xff, 0xd8, 0xff)) type = 'image/jpeg';
  else if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) type = 'image/png';
  else if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a') type = 'image/gif';
  else if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') type = 'image/webp';
  else if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') type = 'application/pdf';
  else if (starts(0x50, 0x4b, 0x03, 0x04)) {
    // Office Open XML files are ZIP archives; the part names say which kind.
    const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024)).toString('latin1');
    if (head.includes('word/')) type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    else if (head.includes('xl/')) type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    else if (head.includes('ppt/')) type = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    else if (ext === 'docx' || ext === 'xlsx' || ext === 'pptx') type = Object.keys(EVIDENCE_TYPES).find((k) => EVIDENCE_TYPES[k]!.extensions.includes(ext)) ?? null;
  } else if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    type = ext === 'xls' ? 'application/vnd.ms-excel' : ext === 'ppt' ? 'application/vnd.ms-powerpoint' : ext === 'doc' ? 'application/msword' : null;
  }
  if (!type) return null;
  return EVIDENCE_TYPES[type]!.extensions.includes(ext) ? type : null;
}
