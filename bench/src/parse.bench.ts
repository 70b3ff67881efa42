import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '@luoshi/doc-parser';
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createContainer } from '../../apps/server/src/container.ts';
import type { Engine } from '../../apps/server/src/db/database.ts';
import type { DraftItem } from '../../apps/server/src/directives/draft.ts';
import { seedScale, type Scale } from '../../apps/server/src/seed/generate.ts';
import { benchDatabase, emit, percentile, timeEach } from './lib.ts';

const CORPUS = process.env.LUOSHI_CORPUS_DIR ?? fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const THROUGHPUT_BYTES = 10_000_000;
const SPEECH_CHARS = 30_000;

function corpus(): string[] {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();
  if (files.length === 0) throw new Error(`语料目录 ${CORPUS} 中没有 .txt 文件(可用 LUOSHI_CORPUS_DIR 指定)`);
  return files.map((f) => fs.readFileSync(path.join(CORPUS, f), 'utf8'));
}

/** The corpus documents one after another until the text reaches `size` (UTF-8 bytes or characters). */
function concatenated(docs: string[], enough: (text: string) => boolean): string {
  let text = '';
  for (let i = 0; !enough(text); i++) text += `${docs[i % docs.length]}\n\n`;
  return text;
}

/**
 * Issue 4's figures: parseDocument's throughput on ~10 MB of corpus text, its latency on one
 * 30,000-character speech, and parse-plus-publish — the directive created through the service
 * (clean, parse, draft with unit matching, stored) and its draft published as assigned tasks
 * with lead units — on the engine.
 */
export async function runParseBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'parse', metric, value, unit, engine, scale });
  const docs = corpus();

  const big = concatenated(docs, (t) => Buffer.byteLength(t) >= THROUGHPUT_BYTES);
  const megabytes = Buffer.byteLength(big) / 1e6;
  parseDocument(big);
  const cpu: number[] = [];
  const bigRuns = await timeEach(3, async () => {
    const before = process.cpuUsage();
    parseDocument(big);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  });
  out('throughput_10mb', megabytes / (percentile(bigRuns, 50) / 1000), 'MB/s');
  // The same per CPU-second of this process: what the parser does when it has the core to itself.
  out('throughput_10mb_cpu', megabytes / (percentile(cpu, 50) / 1000), 'MB/s');

  const speech = concatenated(docs, (t) => t.length >= SPEECH_CHARS).slice(0, SPEECH_CHARS);
  for (let i = 0; i < 10; i++) parseDocument(speech);
  const parseRuns = await timeEach(200, async () => parseDocument(speech));
  out('parse_speech_30k_p50', percentile(parseRuns, 50), 'ms');
  out('parse_speech_30k_p95', percentile(parseRuns, 95), 'ms');

  const database = await benchDatabase(engine);
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', LUOSHI_JOBS: '0', LUOSHI_FILES_DIR: '/tmp/luoshi-bench-files' } as NodeJS.ProcessEnv);
    const c = createContainer({ config, database, logger: pino({ level: 'silent' }) });
    const org = await seedScale(database, scale, c.audit);
    const db = c.db;
    const tenant = org.tenantId;
    const rootUser = (await sql<{ id: string; username: string; display_name: string; org_unit_id: string }>`SELECT u.id, u.username, u.display_name, u.org_unit_id FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.tenant_id = ${tenant}::uuid AND o.parent_id IS NULL AND u.username LIKE '%-2'`.execute(db)).rows[0]!;
    const supervisor = await c.auth.loadActor(tenant, rootUser);
    if (!supervisor.grants.some((g) => g.role === 'supervisor')) throw new Error(`${rootUser.username} 不是督查人员`);
    const leads = (await sql<{ id: string }>`SELECT id FROM org_units WHERE tenant_id = ${tenant}::uuid AND depth = 1 ORDER BY code LIMIT 50`.execute(db)).rows.map((r) => r.id);
    let tasks = 0;
    const creates: number[] = [];
    const publish = async () => {
      const t0 = performance.now();
      const id = await c.directives.create(supervisor, { text: speech, title: '基准测试讲话' });
      creates.push(performance.now() - t0);
      const { directive } = await c.directives.detail(supervisor, id);
      const items: DraftItem[] = directive.draft.map((item, i) => ({ ...item, leadUnitIds: item.leadUnitIds.length ? item.leadUnitIds : [leads[i % leads.length]!], deadline: item.deadline ?? '2026-12-31' }));
      tasks = (await c.directives.publish(supervisor, id, { items })).length;
    };
    await publish();
    creates.length = 0;
    const runs = await timeEach(engine === 'pglite' ? 10 : 20, publish);
    out('publish_speech_tasks', tasks, 'count');
    out('create_directive_speech_30k_p50', percentile(creates, 50), 'ms');
    out('create_directive_speech_30k_p95', percentile(creates, 95), 'ms');
    out('parse_publish_speech_30k_p50', percentile(runs, 50), 'ms');
    out('parse_publish_speech_30k_p95', percentile(runs, 95), 'ms');
  } finally {
    await database.drop();
  }
}
