import fs from 'node:fs';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { bootstrap } from './bootstrap/bootstrap.ts';
import { seedDemoTasks } from './bootstrap/demo-tasks.ts';
import { loadConfig } from './config.ts';
import { createContainer, type Container } from './container.ts';
import { openAuditKey, readAuditKey } from './modules/audit/audit-key.ts';
import { backupDatabase, restoreDatabase } from './db/backup.ts';
import { createDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { DataDirLockedError } from './lib/lock-file.ts';
import { documentText } from './lib/document-text.ts';
import { formatOutline, parseDocument } from '@luoshi/doc-parser';
import type { AuditAnchor } from './modules/audit/audit.service.ts';
import { SCALES, SEED_PASSWORD, seedScale, type Scale } from './seed/generate.ts';
import { seedSupervision } from './seed/supervision.ts';
import { seedCampaigns } from './seed/campaigns.ts';
import { seedProjects } from './seed/projects.ts';
import { seedSuggestions } from './seed/suggestions.ts';
import { seedRhythm } from './seed/rhythm.ts';

async function open(): Promise<Database> {
  const config = loadConfig();
  try {
    const database = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
    await migrate(database);
    return database;
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`${err.message}\n（命令行工具与服务不能同时使用同一个 PGlite 数据目录；请先停止服务。）`);
      process.exit(3);
    }
    throw err;
  }
}

/**
 * The services over an open database, with the deployment's audit key: created on first use by
 * commands that write (`init`, `seed`); commands that only check the chain need it to exist.
 */
async function containerFor(database: Database, opts: { keyMustExist?: boolean } = {}): Promise<Container> {
  const config = loadConfig();
  const existing = readAuditKey(config.auditKeyFile);
  if (!existing && opts.keyMustExist) {
    console.error(`审计密钥文件不存在：${config.auditKeyFile}（LUOSHI_AUDIT_KEY_FILE）。请指向服务使用的密钥文件。 / audit key file missing`);
    await database.close();
    process.exit(2);
  }
  const auditKey = existing ?? (await openAuditKey(config.auditKeyFile, database.db)).key;
  return createContainer({ config, database, auditKey });
}

function bar(label: string) {
  return new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} {step}`, hideCursor: true, noTTYOutput: !process.stdout.isTTY, notTTYSchedule: 5000 }, cliProgress.Presets.shades_classic);
}

const program = new Command('luoshi').description('落实 Luoshi — 命令行工具 / command line').showHelpAfterError();

program
  .command('migrate')
  .description('应用数据库迁移 / apply database migrations')
  .action(async () => {
    const database = await open();
    console.log('数据库已是最新版本 / migrations applied');
    await database.close();
  });

program
  .command('seed')
  .description('按规模生成组织机构和用户（压测数据）/ generate org units and users at a scale')
  .addOption(new Option('--scale <scale>', 'district | city | province').choices(SCALES as unknown as string[]).default('district'))
  .option('--no-tasks', '只生成组织机构和用户 / org units and users only')
  .action(async (opts: { scale: Scale; tasks: boolean }) => {
    const database = await open();
    const progress = bar('生成');
    const steps = ['units', 'closure', 'users', 'grants', 'analyze', 'tasks', 'subtasks', 'reports', 'analyze', 'lights', 'problems'];
    progress.start(opts.tasks ? steps.length : 5, 0, { step: '' });
    const container = await containerFor(database);
    const result = await seedScale(database, opts.scale, container.audit, (step, done) => progress.update(done, { step }));
    let work = {};
    if (opts.tasks) {
      const started = Date.now();
      let i = 5;
      const counts = await seedSupervision(database, result.tenantId, (step) => progress.update(i++, { step }));
      // Issue 10: a campaign with its problems and their rectification tasks, lit with the rest.
      progress.update(9, { step: 'problems' });
      const campaigns = await seedCampaigns(database, result.tenantId, opts.scale);
      // Issue 11: key projects with twelve monthly reports each, and investment leads.
      const projects = await seedProjects(database, result.tenantId, opts.scale);
      // Issue 13: deputies' suggestions with their handling tasks (module 'suggestion').
      const suggestions = await seedSuggestions(database, result.tenantId, opts.scale);
      // Issue 12: the default five rhythms of every city and district with a year of occurrences.
      const rhythm = await seedRhythm(database, result.tenantId, (db, tenant) => container.rhythm.ensureOccurrences(db, tenant));
      progress.update(10, { step: 'lights' });
      await container.lights.recomputeAll(result.tenantId);
      work = { ...counts, problems: campaigns.problems, projects: projects.projects, projectReports: projects.reports, leads: projects.leads, suggestions: suggestions.suggestions, cadenceRules: rhythm.rules, occurrences: rhythm.occurrences, taskSeconds: (Date.now() - started) / 1000 };
    }
    progress.update(opts.tasks ? steps.length : 5, { step: 'done' });
    progress.stop();
    console.log(JSON.stringify({ ...result, ...work, password: SEED_PASSWORD, engine: database.engine }));
    await database.close();
  });

program
  .command('backup')
  .argument('<file>', '备份文件 (.jsonl.gz)')
  .description('备份全部数据（PGlite 与 PostgreSQL 通用格式）/ back up every table')
  .action(async (file: string) => {
    const database = await open();
    let last = '';
    const result = await backupDatabase(database, file, (table, rows) => {
      if (process.stdout.isTTY) process.stdout.write(`\r${table}: ${rows} 行        `);
      else if (table !== last) console.log(`${table} …`);
      last = table;
    });
    console.log(`\n已备份 ${result.tables} 张表、${result.rows} 行到 ${file} / backed up`);
    console.log(`审计密钥文件 ${loadConfig().auditKeyFile} 不在备份中，请另行保存一份：没有它无法校验审计日志 / the audit key file is not in the backup: keep a copy of it too`);
    await database.close();
  });

program
  .command('restore')
  .argument('<file>', '备份文件')
  .option('--yes', '确认覆盖当前数据库的全部数据 / confirm replacing all data')
  .description('从备份恢复（覆盖全部数据，单个事务，失败则不变）/ restore, replacing all data')
  .action(async (file: string, opts: { yes?: boolean }) => {
    if (!fs.existsSync(file)) {
      console.error(`文件不存在：${file}`);
      process.exit(2);
    }
    if (!opts.yes) {
      console.error('恢复会覆盖当前数据库中的全部数据。确认请加 --yes / restoring replaces all data: add --yes to confirm');
      process.exit(2);
    }
    const database = await open();
    const result = await restoreDatabase(database, file, (table, rows) => {
      if (process.stdout.isTTY) process.stdout.write(`\r${table}: ${rows} 行        `);
    });
    console.log(`\n已恢复 ${result.tables} 张表、${result.rows} 行 / restored`);
    await database.close();
  });

const audit = program.command('audit').description('审计日志 / audit log');
audit
  .command('verify')
  .description('校验审计日志哈希链，指出第一条被篡改的记录 / verify the hash chain')
  .option('--anchor <line or file>', '`luoshi audit anchor` 打印的锚点行，或存放锚点行的文件 / an anchor line, or a file of them')
  .action(async (opts: { anchor?: string }) => {
    const database = await open();
    const container = await containerFor(database, { keyMustExist: true });
    let anchors: AuditAnchor[] = [];
    if (opts.anchor !== undefined) {
      try {
        anchors = container.audit.parseAnchors(fs.existsSync(opts.anchor) ? fs.readFileSync(opts.anchor, 'utf8') : opts.anchor);
      } catch (err) {
        console.error((err as Error).message);
        await database.close();
        process.exit(2);
      }
    }
    const tenants = await database.db.selectFrom('tenants').select(['id', 'name']).execute();
    let broken = false;
    for (const unknown of anchors.filter((a) => !tenants.some((t) => t.id === a.tenantId))) {
      broken = true;
      console.log(`✘ 锚点所属的租户 ${unknown.tenantId} 已不在数据库中 / the anchor's tenant is gone`);
    }
    for (const t of tenants) {
      const progress = bar(t.name);
      progress.start(1, 0, { step: '' });
      const r = await container.audit.verify(
        t.id,
        (checked, total) => {
          progress.setTotal(Math.max(total, 1));
          progress.update(checked);
        },
        anchors,
      );
      progress.stop();
      const anchored = anchors.filter((a) => a.tenantId === t.id).length;
      if (r.ok) console.log(`✔ ${t.name}：${r.checked} 条记录，哈希链完整${anchored ? `，与 ${anchored} 个锚点一致` : ''} / chain intact`);
      else {
        broken = true;
        console.log(`✘ ${t.name}：第 ${r.brokenSeq} 条起哈希链断裂 — ${r.reason} / chain broken at seq ${r.brokenSeq}`);
      }
    }
    await database.close();
    process.exit(broken ? 1 : 0);
  });

audit
  .command('anchor')
  .description('打印每个租户审计链的签名链头（一行），请保存在数据库以外 / print the signed head of each chain, to keep elsewhere')
  .action(async () => {
    const database = await open();
    const container = await containerFor(database, { keyMustExist: true });
    for (const t of await database.db.selectFrom('tenants').select('id').orderBy('id').execute()) console.log(await container.audit.anchor(t.id));
    await database.close();
  });

program
  .command('parse')
  .argument('<file>', '讲话、会议纪要或工作方案（.txt UTF-8/GB18030, .html, .docx, 带文字层的 .pdf）')
  .option('--json', '输出 JSON 结构 / print the JSON structure')
  .description('解析文件，提出任务分解建议 / parse a document into headings, tasks, targets, cadences …')
  .action(async (file: string, opts: { json?: boolean }) => {
    if (!fs.existsSync(file)) {
      console.error(`文件不存在：${file}`);
      process.exit(2);
    }
    const doc = await documentText(file, fs.readFileSync(file));
    if (!doc) {
      console.error('不支持的文件类型：请使用 .txt、.html、.docx 或带文字层的 .pdf');
      process.exit(2);
    }
    const parsed = parseDocument(doc.text);
    process.stdout.write(opts.json ? `${JSON.stringify(parsed, null, 2)}\n` : `${formatOutline(parsed)}\n`);
  });

program
  .command('init')
  .description('在空数据库上初始化（LUOSHI_DEMO=0 时不建演示数据）/ initialise an empty database')
  .action(async () => {
    const config = loadConfig();
    const database = await open();
    const container = await containerFor(database);
    const r = await bootstrap(container, { demo: config.demo, adminPassword: config.adminPassword });
    if (r.created && r.demo) await seedDemoTasks(container, r.tenantId);
    if (!r.created) console.log('数据库已初始化过 / already initialised');
    else if (r.generatedAdminPassword) console.log(`管理员 admin 的初始密码（只显示这一次）：${r.generatedAdminPassword}`);
    await database.close();
  });

program.parseAsync(process.argv).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
