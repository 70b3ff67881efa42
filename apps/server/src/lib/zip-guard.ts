import { createInflateRaw } from 'node:zlib';

/**
 * Office files (.docx, .xlsx) are ZIP archives, and a ZIP can be a bomb: 600 KB that inflates to
 * 600 MB. Before any library inflates one, the archive's central directory is read here and every
 * entry's declared size, the total and the compression ratio are checked; entries are then
 * inflated as a stream that stops at the size the header declared, so a header that lies is
 * stopped too. Memory stays bounded by the limits, never by what the archive claims.
 */
export interface ZipLimits {
  /** Entries in the archive. */
  maxEntries: number;
  /** Uncompressed bytes of one entry (the XML of a document or a sheet). */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size of an entry larger than RATIO_GRACE_BYTES. */
  maxRatio: number;
}

export const ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxEntryBytes: 50 * 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024, maxRatio: 100 };

/** exceljs inflates and parses every part of a workbook at once: a tighter total (an import of 20,000 rows is some 10 MB of XML). */
export const EXCEL_ZIP_LIMITS: ZipLimits = { ...ZIP_LIMITS, maxTotalBytes: 50 * 1024 * 1024 };

/** Small entries may compress as well as they like (a page of repeated styles); a bomb needs size. */
const RATIO_GRACE_BYTES = 1024 * 1024;

/** Why an archive was refused: not a readable ZIP at all, or one that would inflate too far. */
export class ZipGuardError extends Error {
  constructor(
    readonly reason: 'invalid' | 'tooLarge',
    message: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The uncompressed size the archive declares. */
  size: number;
  dataOffset: number;
}

const MB = 1024 * 1024;
const mb = (n: number) => `${Math.round(n / MB)} MB`;

/** The entries of a ZIP archive after the checks above; throws ZipGuardError naming the file. */
export function zipEntries(bytes: Uint8Array, fileName: string, limits: ZipLimits = ZIP_LIMITS): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalid = (why: string) => new ZipGuardError('invalid', `「${fileName}」不是有效的 Office 文件（${why}），请确认文件未损坏后重新上传`);
  const tooLarge = (why: string) => new ZipGuardError('tooLarge', `「${fileName}」${why}，可能是压缩炸弹，已拒绝`);

  // End of central directory: 22 bytes plus a comment of up to 65,535 bytes, at the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid('不是 ZIP 压缩包');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw invalid('不支持 ZIP64 格式');
  if (count > limits.maxEntries) throw tooLarge(`包含 ${count} 个文件（上限 ${limits.maxEntries} 个）`);
  if (cdOffset + cdSize > eocd) throw invalid('目录超出文件范围');

  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw invalid('目录已损坏');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extra field: the 64-bit sizes and offset, in this order, for the fields set to 0xFFFFFFFF.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => {
          const v = q + 8 <= e + 4 + len ? Number(buf.readBigUInt64LE(q)) : NaN;
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      e += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (![size, compressedSize, localOffset].every(Number.isFinite)) throw invalid('目录已损坏');
    if (flags & 1) throw invalid(`「${name}」已加密`);
    if (method !== 0 && method !== 8) throw invalid(`「${name}」的压缩方式不受支持`);
    if (method === 0 && size !== compressedSize) throw invalid(`「${name}」的大小记录不一致`);
    if (size > limits.maxEntryBytes) throw tooLarge(`中的「${name}」解压后有 ${mb(size)}（上限 ${mb(limits.maxEntryBytes)}）`);
    if (size > RATIO_GRACE_BYTES && size / Math.max(compressedSize, 1) > limits.maxRatio) throw tooLarge(`中的「${name}」压缩比超过 ${limits.maxRatio} 倍`);
    total += size;
    if (total > limits.maxTotalBytes) throw tooLarge(`解压后超过 ${mb(limits.maxTotalBytes)}`);
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50) throw invalid(`「${name}」的位置记录有误`);
    const dataOffset = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > buf.length) throw invalid(`「${name}」超出文件范围`);
    entries.push({ name, method, compressedSize, size, dataOffset });
  }
  return entries;
}

/**
 * Inflates one entry as a stream, stopping as soon as it yields more than its declared size (a
 * lying header) — so at most the declared size, which zipEntries has bounded, is ever produced.
 * keep=false only counts (a check before another library reads the archive).
 */
export async function inflateEntry(bytes: Uint8Array, entry: ZipEntry, fileName: string, keep = true): Promise<Buffer> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + entry.dataOffset, entry.compressedSize);
  if (entry.method === 0) return keep ? Buffer.from(data) : Buffer.alloc(0);
  const lied = () => new ZipGuardError('tooLarge', `「${fileName}」中的「${entry.name}」解压后超过其记录的大小（${entry.size} 字节），可能是压缩炸弹，已拒绝`);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let produced = 0;
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > entry.size) {
        inflate.destroy();
        reject(lied());
        return;
      }
      if (keep) chunks.push(chunk);
    });
    inflate.on('error', () => reject(new ZipGuardError('invalid', `「${fileName}」不是有效的 Office 文件（「${entry.name}」无法解压），请确认文件未损坏后重新上传`)));
    inflate.on('end', () => {
      if (produced !== entry.size) reject(new ZipGuardError('invalid', `「${fileName}」不是有效的 Office 文件（「${entry.name}」的大小记录不一致），请确认文件未损坏后重新上传`));
      else resolve(keep ? Buffer.concat(chunks) : Buffer.alloc(0));
    });
    inflate.end(data);
  });
}

/** Checks a whole archive before a library that trusts it (exceljs → JSZip) reads it: every entry is inflated and counted, nothing kept. */
export async function checkZip(bytes: Uint8Array, fileName: string, limits: ZipLimits = ZIP_LIMITS): Promise<void> {
  for (const entry of zipEntries(bytes, fileName, limits)) await inflateEntry(bytes, entry, fileName, false);
}

/** The bytes of one named entry after the checks; null when the archive has no such entry. */
export async function readZipEntry(bytes: Uint8Array, name: string, fileName: string, limits: ZipLimits = ZIP_LIMITS): Promise<Buffer | null> {
  const entry = zipEntries(bytes, fileName, limits).find((e) => e.name === name);
  return entry ? inflateEntry(bytes, entry, fileName) : null;
}
