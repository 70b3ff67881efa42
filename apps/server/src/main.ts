import { buildApp } from './app.ts';
import { bootstrap, type BootstrapResult } from './bootstrap/bootstrap.ts';
import { seedDemoTasks } from './bootstrap/demo-tasks.ts';
import { loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { createDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { DEMO_PASSWORD } from './bootstrap/demo-city.ts';
import { DataDirLockedError } from './lib/lock-file.ts';
import { scheduleSupervisionJobs } from './jobs/supervision-jobs.ts';
import { openAuditKey } from './modules/audit/audit-key.ts';

function printWelcome(result: BootstrapResult, url: string): void {
  const lines = [`落实 Luoshi 已启动 / running at ${url}`];
  if (result.created) {
    lines.push(result.demo ? '已创建演示城市“示范市（演示数据）” / demo city created.' : '已初始化系统 / initialised.');
    if (result.generatedAdminPassword) lines.push(`管理员 admin 的初始密码（只显示这一次，首次登录须修改）/ admin password (shown once, to be changed at first login): ${result.generatedAdminPassword}`);
    else lines.push('管理员 admin 的密码取自 LUOSHI_ADMIN_PASSWORD / admin password from LUOSHI_ADMIN_PASSWORD.');
  }
  if (result.demo) {
    lines.push(`演示账户（密码均为 ${DEMO_PASSWORD}） / demo accounts (password ${DEMO_PASSWORD}):`);
    lines.push('  supervisor 督查室 · leader 领导 · liaison_dc 东城区联络员 · liaison_xc 西城区联络员 · deputy 代表 · viewer 只读 · admin_dc 东城区管理员');
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  let database;
  try {
    database = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onPoolError: (err) => console.error('数据库连接中断，将自动重连：', err.message) });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(3);
    }
    throw err;
  }
  await migrate(database);
  const auditKey = await openAuditKey(config.auditKeyFile, database.db);
  const container = createContainer({ config, database, auditKey: auditKey.key });
  if (auditKey.created) container.logger.info({ file: config.auditKeyFile }, '已生成审计密钥文件，请与备份分开妥善保存 / audit key file created: keep a copy with your backups');
  const result = await bootstrap(container, { demo: config.demo, adminPassword: config.adminPassword });
  if (result.created && result.demo) await seedDemoTasks(container, result.tenantId);
  const app = await buildApp(container);
  const shutdown = async (signal: string) => {
    container.logger.info({ signal }, 'shutting down');
    await container.jobs.stop();
    await app.close().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // The banner comes last, after seeding and listening, so the URL and accounts are not buried in log lines.
  printWelcome(result, `http://localhost:${config.port}`);
  if (config.jobs) {
    container.jobs.start(30_000, async () => {
      await scheduleSupervisionJobs({ db: container.db, clock: container.clock, runner: container.jobs });
      // Notices committed since the last tick (and retries now due) get their delivery job.
      await container.outbox.schedule();
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
