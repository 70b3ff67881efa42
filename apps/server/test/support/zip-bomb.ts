import zlib from 'node:zlib';

/** One entry of a hand-built ZIP: its raw (deflated or stored) data and the sizes its headers declare. */
export interface RawEntry {
  name: string;
  data: Buffer;
  method: 0 | 8;
  /** The uncompressed size written in the headers (a bomb may lie). */
  declaredSize: number;
}

/** A stored or deflated entry holding `text`, declared honestly. */
export function textEntry(name: string, text: string, method: 0 | 8 = 8): RawEntry {
  const raw = Buffer.from(text, 'utf8');
  return { name, data: method === 8 ? zlib.deflateRawSync(raw) : raw, method, declaredSize: raw.length };
}

/**
 * A deflated entry inflating to `mb` MB of one repeated byte, built without ever holding those
 * bytes: one fully flushed block of 1 MB is repeated and a final empty block closes the stream
 * (about 1 KB per MB). declaredSize defaults to the truth.
 */
export function bombEntry(name: string, mb: number, declaredSize = mb * 1024 * 1024): RawEntry {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024, 0x61), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const end = zlib.deflateRawSync(Buffer.alloc(0));
  return { name, data: Buffer.concat([...Array.from({ length: mb }, () => block), end]), method: 8, declaredSize };
}

/** A header of `length` bytes with little-endian fields written at their offsets: [offset, bytes (2 or 4), value]. */
function header(length: number, fields: [number, 2 | 4, number][]): Buffer {
  const b = Buffer.alloc(length);
  for (const [at, bytes, value] of fields) {
    if (bytes === 2) b.writeUInt16LE(value, at);
    else b.writeUInt32LE(value, at);
  }
  return b;
}

/** A ZIP archive of the entries (CRC left 0: the readers under test do not check it). */
export function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    // Version 2.0, UTF-8 names (flag 0x0800), method, sizes, name length; the central entry adds where the local one is.
    const local = header(30, [[0, 4, 0x04034b50], [4, 2, 20], [6, 2, 0x0800], [8, 2, e.method], [18, 4, e.data.length], [22, 4, e.declaredSize], [26, 2, name.length]]);
    const central = header(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [8, 2, 0x0800], [10, 2, e.method], [20, 4, e.data.length], [24, 4, e.declaredSize], [28, 2, name.length], [42, 4, offset]]);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = header(22, [[0, 4, 0x06054b50], [8, 2, entries.length], [10, 2, entries.length], [12, 4, cd.length], [16, 4, offset]]);
  return Buffer.concat([...locals, cd, eocd]);
}

/** The parts a reader needs to take a ZIP for an .xlsx workbook with one sheet, whose XML is `sheet`. */
export function xlsxWith(sheet: RawEntry): Buffer {
  return zipOf([
    textEntry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    textEntry('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    textEntry('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    textEntry('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    sheet,
  ]);
}

/** Runs `fn` while sampling the process's resident memory; returns its result and the peak rise in MB. */
export async function peakMemoryRise<T>(fn: () => Promise<T>): Promise<{ result: T; riseMb: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, riseMb: (peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}
