import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The walls of docs/ARCHITECTURE.md, checked on the source: the core (the supervision life, the
// directive intake, scopes, jobs, reports, the database and lib) knows no HTTP — neither http/, the
// Fastify app nor Fastify itself. Routes reach the core, never the other way.

const SRC = path.dirname(fileURLToPath(import.meta.url));
const CORE = ['supervision', 'directives', 'access', 'jobs', 'reports', 'db', 'lib'];
const HTTP_DIR = path.join(SRC, 'http');
const HTTP_FILES = [path.join(SRC, 'app.ts')];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** Why an import crosses the wall, or null. */
function httpImport(file: string, specifier: string): string | null {
  if (specifier === 'fastify' || specifier.startsWith('fastify/') || specifier.startsWith('@fastify/')) return specifier;
  if (!specifier.startsWith('.')) return null;
  const target = path.resolve(path.dirname(file), specifier);
  if (target === HTTP_DIR || target.startsWith(HTTP_DIR + path.sep) || HTTP_FILES.includes(target)) return path.relative(SRC, target);
  return null;
}

describe('architecture walls', () => {
  it('finds an import of http/ when there is one (the check itself can fail)', () => {
    const file = path.join(SRC, 'supervision', 'task.service.ts');
    expect(importsOf(`import { paginate } from '../http/pagination.ts';`).map((s) => httpImport(file, s))).toEqual(['http/pagination.ts']);
    expect(importsOf(`export type { X } from "../app.ts";`).map((s) => httpImport(file, s))).toEqual(['app.ts']);
    expect(importsOf(`const m = await import('@fastify/multipart');`).map((s) => httpImport(file, s))).toEqual(['@fastify/multipart']);
    expect(importsOf(`import { paginate } from '../db/pagination.ts';`).map((s) => httpImport(file, s))).toEqual([null]);
  });

  it('the core (supervision/, directives/, access/, jobs/, reports/, db/, lib/) imports nothing of HTTP', () => {
    const crossings: string[] = [];
    for (const folder of CORE) {
      for (const file of sourceFiles(path.join(SRC, folder))) {
        for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
          const hit = httpImport(file, specifier);
          if (hit) crossings.push(`${path.relative(SRC, file)} → ${hit}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});
