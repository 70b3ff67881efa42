import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { pickOption } from '../support/journey.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, startServer, type TestServer } from '../support/server.ts';

const missing = browserMissing();

/** CJK fonts fontconfig knows, or undefined when fc-list is not installed. */
function cjkFonts(): string[] | undefined {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return undefined;
  }
}

describe.skipIf(Boolean(missing))(missing || 'the web shell in the browser', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('renders Chinese glyphs on the home page, not empty boxes', async () => {
    const fonts = cjkFonts();
    if (fonts) expect(fonts.length, 'fc-list :lang=zh finds a CJK font').toBeGreaterThan(0);

    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.baseURL, 'liaison_dc', DEMO_PASSWORD);
      await page.getByTestId('home-greeting').waitFor();
      await page.getByTestId('home-scope').getByText('东城区及下级单位').waitFor();
      await page.getByTestId('demo-banner').waitFor();
      await screenshot(page, 'home-1366');

      // Draw real characters and a code point no font has (U+10FFFD) with the page's own font:
      // if Chinese fell back to "tofu", both would come out as the same boxes.
      const result = await page.evaluate(() => {
        const font = getComputedStyle(document.body).fontFamily;
        const draw = (text: string) => {
          const canvas = document.createElement('canvas');
          canvas.width = 200;
          canvas.height = 56;
          const ctx = canvas.getContext('2d')!;
          ctx.fillStyle = '#fff';
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.fillStyle = '#000';
          ctx.font = `40px ${font}`;
          ctx.textBaseline = 'top';
          ctx.fillText(text, 4, 4);
          return Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
        };
        const chinese = draw('落实督查');
        const tofu = draw('\u{10FFFD}\u{10FFFD}\u{10FFFD}\u{10FFFD}');
        const inked = chinese.filter((v, i) => i % 4 === 0 && v < 128).length;
        const differing = chinese.filter((v, i) => v !== tofu[i]).length;
        const fontLoaded = document.fonts.check(`16px ${font}`, '落实');
        return { inked, differing, fontLoaded };
      });
      expect(result.inked, 'the characters leave ink on the canvas').toBeGreaterThan(200);
      expect(result.differing, 'Chinese glyphs differ from the missing-glyph box').toBeGreaterThan(200);
      expect(result.fontLoaded).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('switches the menu to English and Traditional Chinese, and remembers the choice', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD);
      const menu = page.locator('.ant-menu');
      await menu.getByText('组织机构').waitFor();

      // A click on an option while the dropdown is still opening can be lost; try again until the switch shows it.
      const choose = (label: string) => pickOption(page.getByTestId('language-switch'), label, async () => (await page.getByTestId('language-switch').innerText()).includes(label));
      await choose('English');
      await menu.getByText('Organisation').waitFor();
      await menu.getByText('Audit log').waitFor();
      expect(await menu.getByText('组织机构').count()).toBe(0);
      await screenshot(page, 'home-english-1366');

      await page.reload();
      await menu.getByText('Organisation').waitFor();

      await choose('繁體中文');
      await menu.getByText('組織機構').waitFor();
      await menu.getByText('審計日誌').waitFor();
    } finally {
      await browser.close();
    }
  });

  it('fits a 390-pixel phone screen without sideways scrolling', async () => {
    const browser = await launchBrowser({ width: 390, height: 844 });
    try {
      const { page } = browser;
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD);
      await page.getByTestId('home-greeting').waitFor();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'home-390', true);

      await page.getByRole('button', { name: '打开菜单' }).click();
      await page.locator('.ant-drawer .ant-menu').getByText('组织机构').click();
      await page.getByTestId('org-unit-details').waitFor();
      await page.getByTestId('org-children').locator('.ant-table-row').first().waitFor();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'org-390', true);

      for (const path of ['/users', '/audit', '/profile']) {
        await page.goto(`${server.baseURL}${path}`);
        await page.locator('.ant-table-row').first().or(page.locator('.ant-empty')).first().waitFor();
        await expectNoHorizontalOverflow(page);
        await screenshot(page, `${path.slice(1)}-390`, true);
      }
    } finally {
      await browser.close();
    }
  });
});
