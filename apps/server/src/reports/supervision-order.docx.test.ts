import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../lib/zip-guard.ts';
import { buildSupervisionOrderDocx, chineseDate, type SupervisionOrderView } from './supervision-order.docx.ts';

/** The files of a ZIP archive, read from its central directory (enough for a .docx). */
function unzip(buf: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of zipEntries(buf, '督办单.docx')) {
    const data = buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    files.set(e.name, (e.method === 8 ? inflateRawSync(data) : data).toString('utf8'));
  }
  return files;
}

const view: SupervisionOrderView = {
  number: '督办〔2026〕3号',
  level: 'red',
  taskTitle: '推进老旧小区改造',
  recipientUnit: '市住房和城乡建设局',
  recipientLeaders: ['张三', '李四'],
  matter: '该任务已逾期 12 天,3 个小区未开工。\n群众反映强烈 & 多次催办未果。',
  requirements: '请于回复时限前书面说明原因及整改措施。',
  replyDeadline: '2026-03-10',
  taskDeadline: '2026-02-20',
  issuingOffice: '中共临江市委办公室 临江市人民政府办公室督查室',
  issuedDate: '2026-03-02',
};

describe('chineseDate', () => {
  it.each([
    ['2026-03-02', '二〇二六年三月二日'],
    ['2026-10-10', '二〇二六年十月十日'],
    ['2026-12-31', '二〇二六年十二月三十一日'],
    ['2030-11-20', '二〇三〇年十一月二十日'],
  ])('%s → %s', (date, words) => {
    expect(chineseDate(date)).toBe(words);
  });

  it('refuses a date in another form', () => {
    expect(() => chineseDate('2026/3/2')).toThrow(RangeError);
  });
});

describe('buildSupervisionOrderDocx', () => {
  it('builds a .docx whose body carries the number, the recipient, every row label and the dates in words', async () => {
    const buf = await buildSupervisionOrderDocx(view);
    expect(buf.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const files = unzip(buf);
    const xml = files.get('word/document.xml')!;
    expect(xml).toContain('督 办 通 知 单');
    expect(xml).toContain('督办〔2026〕3号');
    expect(xml).toContain('市住房和城乡建设局');
    expect(xml).toContain('张三、李四');
    for (const label of ['督办事项', '承办单位', '责任领导', '督办内容', '督办要求', '办理时限', '回复时限']) expect(xml).toContain(label);
    expect(xml).toContain('二〇二六年二月二十日前');
    expect(xml).toContain('二〇二六年三月十日前');
    expect(xml).toContain('二〇二六年三月二日');
    // The level in red; special characters escaped; each line of the matter its own paragraph.
    const levelRun = /<w:r>(?:(?!<\/w:r>).)*（红色督办）/.exec(xml)?.[0] ?? '';
    expect(levelRun).toContain('<w:color w:val="E60012"/>');
    expect(xml).toContain('群众反映强烈 &amp; 多次催办未果。');
    expect(xml).toMatch(/3 个小区未开工。<\/w:t><\/w:r><\/w:p><w:p>/);
    // A4 with the official margins (twips).
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588"/);
    const footers = [...files].filter(([name]) => name.startsWith('word/footer')).map(([, text]) => text);
    expect(footers.join('')).toContain('请于回复时限前将办理情况书面报送督查室');
    expect([...files.keys()].some((name) => name.startsWith('word/header'))).toBe(false);
  });

  it('shows the level colour of a yellow order and leaves out 办理时限 when the task has no deadline', async () => {
    const xml = unzip(await buildSupervisionOrderDocx({ ...view, level: 'yellow', taskDeadline: null })).get('word/document.xml')!;
    expect(xml).toContain('（黄色督办）');
    expect(/<w:r>(?:(?!<\/w:r>).)*（黄色督办）/.exec(xml)?.[0]).toContain('<w:color w:val="D48806"/>');
    expect(xml).not.toContain('红色督办');
    expect(xml).not.toContain('办理时限');
    expect(xml).not.toContain('配合单位');
  });

  it('lists the co-units after the lead unit', async () => {
    const xml = unzip(await buildSupervisionOrderDocx({ ...view, coUnits: ['市财政局', '市自然资源和规划局'] })).get('word/document.xml')!;
    expect(xml).toContain('市财政局、市自然资源和规划局');
    expect(xml.indexOf('承办单位')).toBeLessThan(xml.indexOf('配合单位'));
    expect(xml.indexOf('配合单位')).toBeLessThan(xml.indexOf('责任领导'));
  });

  it('marks demo data in the page header', async () => {
    const files = unzip(await buildSupervisionOrderDocx({ ...view, level: 'blue', isDemo: true }));
    expect(files.get('word/document.xml')).toContain('（蓝色督办）');
    const headers = [...files].filter(([name]) => name.startsWith('word/header')).map(([, text]) => text);
    expect(headers.join('')).toContain('演示数据');
  });
});
