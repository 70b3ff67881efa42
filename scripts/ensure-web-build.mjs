// Builds the web app before `npm start` when its build is missing or older than its sources.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '../apps/web');
const dist = path.join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (!fs.existsSync(path.join(web, 'index.html'))) process.exit(0);
const sources = Math.max(newest(path.join(web, 'src')), fs.statSync(path.join(web, 'index.html')).mtimeMs);
if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= sources) process.exit(0);
console.log('构建网页前端 / building the web app …');
execSync('npm run build -w @luoshi/web', { stdio: 'inherit', cwd: path.resolve(web, '../..') });
