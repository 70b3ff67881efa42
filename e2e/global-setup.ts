import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { writePgliteTemplate } from '../apps/server/test/support/pglite-template.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'apps/web');
const builtIndex = path.join(web, 'dist/index.html');

/** The newest modification time among the web app's sources and build inputs. */
function newestSource(): number {
  let newest = 0;
  const visit = (target: string) => {
    const stat = fs.statSync(target);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(target)) visit(path.join(target, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const target of ['src', 'build', 'public', 'index.html', 'vite.config.ts', 'package.json']) {
    const full = path.join(web, target);
    if (fs.existsSync(full)) visit(full);
  }
  visit(path.join(root, 'packages/shared/src'));
  return newest;
}

/**
 * Builds the web app once before the browser journeys when dist/ is missing or older than its
 * sources, and writes the migrated PGlite cluster every journey's PGlite server starts from.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const built = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
  if (built <= newestSource()) {
    console.log('[e2e] building the web app (apps/web/dist is missing or stale)…');
    // As shipped: vitest sets NODE_ENV=test, under which Vite would bundle React's development build.
    execFileSync('npm', ['run', 'build', '-w', '@luoshi/web'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const template = await writePgliteTemplate();
  project.provide('pgliteTemplate', template.file);
  return template.remove;
}
