import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp, type Client } from './support/harness.ts';
import { bombEntry, peakMemoryRise, textEntry, xlsxWith, zipOf } from './support/zip-bomb.ts';

async function upload(client: Client, url: string, name: string, bytes: Buffer) {
  const { body, headers } = multipartBody(name, bytes);
  return client.request('POST', url, body, headers);
}

const DOCUMENT_XML = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、要抓好落实。</w:t></w:r></w:p></w:body></w:document>';

/** Coarse: a bomb refused before inflating raises memory by a few MB; inflating one raised it by hundreds. */
const MEMORY_BOUND_MB = 150;

describe.each(testEngines())('Office files that are broken or zip bombs on %s', (engine) => {
  const t = useTestApp(engine);

  it('answers a .docx that is no ZIP, or a ZIP without word/document.xml, with a Chinese 400 naming the file', async () => {
    const sup = await t.login('supervisor');
    const notZip = await upload(sup, '/api/directives/upload', '假文档.docx', Buffer.from('这不是 Word 文件'.repeat(20)));
    expect(notZip.status).toBe(400);
    expect(notZip.body.error).toMatchObject({ code: 'VALIDATION', details: [{ field: 'file' }] });
    expect(notZip.body.error.message).toContain('「假文档.docx」不是有效的 Word (.docx) 文件');

    const noBody = await upload(sup, '/api/directives/upload', '空壳.docx', zipOf([textEntry('[Content_Types].xml', '<Types/>'), textEntry('word/styles.xml', '<w:styles/>')]));
    expect(noBody.status).toBe(400);
    expect(noBody.body.error).toMatchObject({ code: 'VALIDATION', details: [{ field: 'file' }] });
    expect(noBody.body.error.message).toContain('「空壳.docx」');
    expect(noBody.body.error.message).toContain('word/document.xml');

    // A hand-built one with a body, stored or deflated, and a real one written by the docx package, still read.
    for (const method of [0, 8] as const) {
      const ok = await upload(sup, '/api/directives/upload', '手工.docx', zipOf([textEntry('word/document.xml', DOCUMENT_XML, method)]));
      expect(ok.status).toBe(201);
    }
    const real = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('一、抓好项目开工。')] })] }] }));
    expect((await upload(sup, '/api/directives/upload', '方案.docx', real)).status).toBe(201);
  });

  it('refuses a 600 KB .docx inflating to 600 MB with a 413 naming the file, before inflating it', async () => {
    const sup = await t.login('supervisor');
    const bomb = zipOf([bombEntry('word/document.xml', 600)]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { result, riseMb } = await peakMemoryRise(() => upload(sup, '/api/directives/upload', '炸弹.docx', bomb));
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(result.body.error.message).toContain('「炸弹.docx」');
    expect(result.body.error.message).toContain('压缩炸弹');
    expect(riseMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('stops a .docx whose header understates its size (200 MB declared as 2 KB) at the declared size', async () => {
    const sup = await t.login('supervisor');
    const liar = zipOf([bombEntry('word/document.xml', 200, 2048)]);
    const { result, riseMb } = await peakMemoryRise(() => upload(sup, '/api/directives/upload', '说谎.docx', liar));
    expect(result.status).toBe(413);
    expect(result.body.error.message).toContain('「说谎.docx」');
    expect(result.body.error.message).toContain('超过其记录的大小');
    expect(riseMb).toBeLessThan(MEMORY_BOUND_MB);
  });

  it('refuses an entry under the size cap that compresses more than 100 times (40 MB in 40 KB)', async () => {
    const sup = await t.login('supervisor');
    const res = await upload(sup, '/api/directives/upload', '高压缩比.docx', zipOf([bombEntry('word/document.xml', 40)]));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain('压缩比超过 100 倍');
  });

  it('checks an Excel import before exceljs inflates it: task and unit imports answer a bomb or a lying header with 413 naming the file', async () => {
    const sup = await t.login('supervisor');
    const admin = await t.login('admin');
    const bomb = xlsxWith(bombEntry('xl/worksheets/sheet1.xml', 600));
    const liar = xlsxWith(bombEntry('xl/worksheets/sheet1.xml', 200, 4096));
    for (const [client, url] of [[sup, '/api/tasks/import?dryRun=true'], [admin, '/api/org-units/import']] as const) {
      for (const [name, file] of [['任务炸弹.xlsx', bomb], ['说谎表格.xlsx', liar]] as const) {
        const { result, riseMb } = await peakMemoryRise(() => upload(client, url, name, file));
        expect(result.status, `${url} ${name}`).toBe(413);
        expect(result.body.error.code).toBe('PAYLOAD_TOO_LARGE');
        expect(result.body.error.message).toContain(`「${name}」`);
        expect(riseMb, `${url} ${name}`).toBeLessThan(MEMORY_BOUND_MB);
      }
      // Not a ZIP at all: the import error it always was, now naming the file.
      const junk = await upload(client, url, '乱码.xlsx', Buffer.from('not a workbook'));
      expect(junk.status).toBe(400);
      expect(junk.body.error).toMatchObject({ code: 'IMPORT_INVALID' });
      expect(junk.body.error.message).toContain('「乱码.xlsx」');
    }
  });
});
