import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentText, dropLayoutSpaces, pdfText } from './document-text.ts';

const FIXTURE = new URL('../../test/fixtures/directive.pdf', import.meta.url);

describe('document text', () => {
  it('reads the Chinese text layer of a PDF written by LibreOffice, line by line', async () => {
    const text = await pdfText(fs.readFileSync(FIXTURE));
    expect(text.split('\n')).toEqual([
      '关于加快推进重点项目建设的工作方案',
      '一、总体要求',
      '要加快推进重点项目建设，确保年底前完成投资100亿元以上。',
      '二、主要任务',
      '(一)抓好项目开工。责任单位:市发展改革委。6月底前完成。',
    ]);
  });

  it('drops the spaces PDF layout puts between Chinese and Latin runs, and keeps those between Latin words', () => {
    expect(dropLayoutSpaces('投资 100 亿元,增长 8.5 %')).toBe('投资100亿元,增长8.5 %');
    expect(dropLayoutSpaces('Made in China 2025 计划 \n下一行')).toBe('Made in China 2025计划\n下一行');
  });

  it('tells the format by the file name and leaves unknown types to the caller', async () => {
    expect(await documentText('a.htm', Buffer.from('<p>要抓好落实。</p>'))).toEqual({ text: '要抓好落实。', format: 'html' });
    expect((await documentText('方案.PDF', fs.readFileSync(FIXTURE)))?.format).toBe('pdf');
    expect(await documentText('a.xlsx', Buffer.from('x'))).toBeNull();
  });
});
