import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { ADMIN_PASSWORD, apiSession, DEMO_PASSWORD, startServer, type TestServer } from '../support/server.ts';

const missing = browserMissing();

describe.skipIf(Boolean(missing))(missing || 'message channels in the browser: my choice in 个人设置, an administrator sends a given-up message again', () => {
  let server: TestServer;
  let robot: http.Server;
  let robotUp = false;
  const received: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    // A WeCom group robot that is down (errcode) until the test brings it up.
    robot = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (robotUp) received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(robotUp ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' }));
      });
    });
    await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await server?.close();
    await new Promise<void>((resolve) => robot?.close(() => resolve()));
  });

  it('lets a liaison choose the unit robot, and an administrator send a given-up message again after a confirmation', async () => {
    // The administrator gives 东城区 its WeCom group robot on the unit's page.
    const dcUnit = await server.container.db.selectFrom('org_units').select('id').where('code', '=', 'SFS-DC').executeTakeFirstOrThrow();
    const robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send`;
    const setup = await launchBrowser();
    try {
      const { page } = setup;
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD, `/org/${dcUnit.id}`);
      const card = page.getByTestId('unit-robot');
      await card.getByText('尚未配置').waitFor();
      await card.getByRole('radio', { name: '企业微信' }).check();
      expect(await card.getByLabel('加签密钥').count()).toBe(0);
      await card.getByLabel('机器人地址（Webhook）').fill(robotUrl);
      await card.getByTestId('unit-robot-save').click();
      await card.getByText('企业微信机器人地址须带 key 参数').waitFor();
      await card.getByLabel('机器人地址（Webhook）').fill(`${robotUrl}?key=e2e-robot-key`);
      await card.getByTestId('unit-robot-save').click();
      await page.getByText('已保存工作群机器人').waitFor();
      await card.getByTestId('unit-robot-current').getByText(`当前：企业微信，${robotUrl}?key=e2e-…`).waitFor();
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, 'unit-robot-1366');
    } finally {
      await setup.close();
    }

    const liaison = await launchBrowser();
    try {
      const { page } = liaison;
      await signIn(page, server.baseURL, 'liaison_dc', DEMO_PASSWORD, '/profile');
      const card = page.getByTestId('notify-settings');
      await card.getByText('站内消息（始终开启）').waitFor();
      // No SMTP server in this deployment: e-mail cannot be chosen, and says why.
      await card.getByText('系统未配置邮件服务器，暂不能发送邮件').waitFor();
      expect(await card.getByRole('checkbox', { name: /^邮件/ }).isDisabled()).toBe(true);
      await card.getByLabel('邮箱').fill('不是邮箱');
      await card.getByTestId('notify-settings-save').click();
      await card.getByText('邮箱格式不正确').waitFor();
      await card.getByLabel('邮箱').fill('zhang.dc@example.gov.cn');
      await card.getByRole('checkbox', { name: '本单位工作群机器人' }).check();
      await card.getByTestId('notify-settings-save').click();
      await page.getByText('已保存消息接收方式').waitFor();
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, 'notify-settings-1366');
    } finally {
      await liaison.close();
    }
    const dc = await apiSession(server.baseURL, 'liaison_dc', DEMO_PASSWORD);
    expect(await dc('GET', '/api/me/notification-settings')).toEqual({ email: 'zhang.dc@example.gov.cn', channels: ['webhook'], available: { email: false, webhook: true } });

    // A notice to the liaison; the robot is down, so the delivery fails, and (attempts spent) is given up.
    const { container, tenantId } = server;
    const userId = (await container.db.selectFrom('users').select('id').where('username', '=', 'liaison_dc').executeTakeFirstOrThrow()).id;
    await container.db.transaction().execute((tx) => container.notifications.notify(tx, { tenantId, userIds: [userId], kind: 'reminder', title: '请报送进展：背街小巷整治', body: '本月进展未报送', dedupeKey: 'e2e-robot' }));
    await container.outbox.schedule();
    await container.jobs.drain();
    const n = await container.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'e2e-robot').executeTakeFirstOrThrow();
    const row = await container.db.selectFrom('notification_deliveries').selectAll().where('notification_id', '=', n.id).where('channel', '=', 'webhook').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', detail: 'errcode 93000：invalid webhook url' });
    await container.db.updateTable('notification_deliveries').set({ status: 'dead', attempts: 5, next_attempt_at: null }).where('id', '=', row.id).execute();

    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD, '/deliveries');
      const list = page.getByTestId('delivery-list');
      const line = list.getByRole('row', { name: /背街小巷整治/ });
      await line.getByText('errcode 93000：invalid webhook url').waitFor();
      await line.getByText('已放弃').waitFor();
      await line.getByText('东城区 张联络 · 东城区').waitFor();
      await screenshot(page, 'deliveries-1366');
      robotUp = true;
      await line.getByRole('checkbox').check();
      await page.getByTestId('deliveries-retry-selected').click();
      // Several at once: asked first.
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.locator('.ant-modal-confirm-title').getByText('确定重发所选的 1 条消息吗？').waitFor();
      await Promise.all([page.getByText('已重新排队 1 条消息，将在一分钟内发送').waitFor(), confirm.getByRole('button', { name: /重\s*发/ }).click()]);
      await confirm.waitFor({ state: 'hidden' });
      await list.getByText('没有发送失败的消息').waitFor();
    } finally {
      await browser.close();
    }
    await container.outbox.schedule();
    await container.jobs.drain();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!)).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('请报送进展：背街小巷整治') } });
    expect((await container.db.selectFrom('notification_deliveries').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('sent');
  });
});
