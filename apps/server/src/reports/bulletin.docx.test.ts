import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftBody, type BulletinFigures } from '../modules/rhythm/bulletin.figures.ts';
import { buildBulletinDocx } from './bulletin.docx.ts';

const has = (cmd: string) => {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const FIGURES: BulletinFigures = {
  period: '2026-10',
  periodLabel: '2026年10月',
  start: '2026-10-01',
  end: '2026-10-31',
  asOf: '2026-10-31',
  scopeUnit: { id: 'u0', name: '示范市' },
  summary: { assigned: 42, completed: 30, onTime: 27, onTimeRate: 90, overdue: 4, red: 2, problems: 12, rectified: 9, rectificationRate: 75, planned: 305000, invested: 172220, investmentRate: 56.5 },
  ranking: Array.from({ length: 24 }, (_, i) => ({ unitId: `u${i + 1}`, name: `第${i + 1}单位`, rank: i + 1, completed: 24 - i, onTime: 24 - i - (i % 3), onTimeRate: Math.round(((24 - i - (i % 3)) / (24 - i)) * 1000) / 10, overdue: i % 4, problems: 2, rectified: 1, rectificationRate: 50, planned: 1000, invested: 600, investmentRate: 60 })),
  red: [{ title: '新能源汽车零部件产业园项目开工', unit: '示范高新技术产业开发区', deadline: '2026-10-24', reason: '逾期 6 天；红色督办单未办结' }],
  praised: [{ unit: '第1单位', reason: '本期办结 24 件，全部按时办结，无逾期事项' }],
};

describe('the Word bulletin', () => {
  it('writes the number, title, 一、(一) text, issuer and the two attachments from the stored content alone', async () => {
    const view = { title: '关于2026年10月督查工作情况的通报', docNumber: '示督通〔2026〕10号', issuer: '市委市政府督查室', dated: '2026-11-06', figures: FIGURES, body: draftBody(FIGURES), draft: false };
    const a = await buildBulletinDocx(view);
    const b = await buildBulletinDocx(structuredClone(view));
    const JSZip = (await import('jszip')).default;
    const xml = async (buf: Buffer) => (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
    expect(await xml(a)).toBe(await xml(b));
    const text = await xml(a);
    for (const part of ['示督通〔2026〕10号', '关于2026年10月督查工作情况的通报', '一、总体情况', '（一）督办事项办理', '二、通报表扬', '三、存在问题', '四、工作要求', '市委市政府督查室', '二〇二六年十一月六日', '附件1', '附件2', '第24单位']) expect(text).toContain(part);
    expect(text).not.toContain('征求意见稿');
  });

  // Set LUOSHI_KEEP_PDF=1 to keep the converted file and its first page as a PNG, to look at it.
  // Under CI=true it runs always (.ci/run installs LibreOffice and poppler-utils when missing).
  it.skipIf(!process.env.CI && (!has('soffice') || !has('pdftotext')))('converts to a PDF with LibreOffice: the text on the first page, the ranking on an attachment page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bulletin-'));
    const docx = path.join(dir, 'bulletin.docx');
    fs.writeFileSync(docx, await buildBulletinDocx({ title: '关于2026年10月督查工作情况的通报', docNumber: '示督通〔2026〕10号', issuer: '市委市政府督查室', dated: '2026-11-06', figures: FIGURES, body: draftBody(FIGURES), draft: false }));
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'ignore', timeout: 120_000 });
    const pdf = path.join(dir, 'bulletin.pdf');
    const pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').map((p) => p.replace(/\s+/g, '')).filter(Boolean);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]).toContain('示督通〔2026〕10号');
    expect(pages[0]).toContain('一、总体情况');
    const attachment = pages.findIndex((p) => p.includes('各单位落实情况排名'));
    expect(attachment).toBeGreaterThan(0);
    expect(pages.slice(attachment).join('\n')).toContain('第24单位');
    if (process.env.LUOSHI_KEEP_PDF) execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(dir, 'page')]);
    else fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
