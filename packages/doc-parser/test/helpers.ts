import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ParsedDocument } from '../src/index.ts';

/** Directory of the shared corpus (override with LUOSHI_CORPUS_DIR). */
export function corpusDir(): string {
  return process.env.LUOSHI_CORPUS_DIR ?? fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
}

/** Reads one corpus document by file name. */
export function readCorpus(name: string): string {
  return readFileSync(join(corpusDir(), name), 'utf8');
}

/** Asserts that every offset in the parse points at its text in the cleaned text. */
export function expectOffsetsValid(doc: ParsedDocument, cleaned: string): void {
  for (const h of doc.headings) {
    expect(cleaned.slice(h.offset, h.offset + h.marker.length)).toBe(h.marker);
    // Heading text follows the marker (after spaces), or, for a bare number, on the next line.
    const at = cleaned.indexOf(h.text, h.offset + h.marker.length);
    expect(at).toBeGreaterThanOrEqual(h.offset + h.marker.length);
    const between = cleaned.slice(h.offset + h.marker.length, at);
    expect(between.trim()).toBe('');
  }
  for (const item of [...doc.tasks, ...doc.targets, ...doc.statistics]) {
    expect(cleaned.slice(item.offset, item.offset + item.text.length)).toBe(item.text);
  }
}
