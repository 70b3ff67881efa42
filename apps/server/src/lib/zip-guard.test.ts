import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { bombEntry, textEntry, zipOf } from '../../test/support/zip-bomb.ts';
import { checkZip, readZipEntry, ZIP_LIMITS, zipEntries, ZipGuardError } from './zip-guard.ts';

const refused = (reason: 'invalid' | 'tooLarge', text: string) => expect.objectContaining({ constructor: ZipGuardError, reason, message: expect.stringContaining(text) });

describe('zip guard', () => {
  it('reads the entries of a real .docx and the XML of its body', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('抓好落实')] })] }] }));
    expect(zipEntries(docx, '方案.docx').map((e) => e.name)).toContain('word/document.xml');
    expect((await readZipEntry(docx, 'word/document.xml', '方案.docx'))?.toString('utf8')).toContain('抓好落实');
    expect(await readZipEntry(docx, 'word/none.xml', '方案.docx')).toBeNull();
    await expect(checkZip(docx, '方案.docx')).resolves.toBeUndefined();
  });

  it('refuses what is no ZIP, is cut short, is encrypted or uses another compression, naming the file', () => {
    const good = zipOf([textEntry('a.xml', '<a/>')]);
    expect(() => zipEntries(Buffer.from('hello'), '坏.docx')).toThrow(refused('invalid', '「坏.docx」不是有效的 Office 文件（不是 ZIP 压缩包）'));
    const cut = Buffer.concat([good.subarray(0, 10), good.subarray(good.length - 22)]);
    expect(() => zipEntries(cut, '半截.xlsx')).toThrow(refused('invalid', '「半截.xlsx」'));
    const encrypted = Buffer.from(good);
    encrypted.writeUInt16LE(0x0801, encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    expect(() => zipEntries(encrypted, '加密.docx')).toThrow(refused('invalid', '「a.xml」已加密'));
    const bzip = Buffer.from(good);
    bzip.writeUInt16LE(12, bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    expect(() => zipEntries(bzip, 'b.docx')).toThrow(refused('invalid', '压缩方式不受支持'));
  });

  it('refuses too many entries, too many bytes in all, and one entry over its cap, from the directory alone', () => {
    const three = zipOf(['a', 'b', 'c'].map((n) => textEntry(`${n}.xml`, '<x/>')));
    expect(() => zipEntries(three, '多.xlsx', { ...ZIP_LIMITS, maxEntries: 2 })).toThrow(refused('tooLarge', '包含 3 个文件（上限 2 个）'));
    const two = zipOf([bombEntry('a.xml', 2), bombEntry('b.xml', 2)]);
    expect(() => zipEntries(two, '两个.xlsx', { ...ZIP_LIMITS, maxTotalBytes: 3 * 1024 * 1024, maxRatio: 10_000 })).toThrow(refused('tooLarge', '解压后超过 3 MB'));
    expect(() => zipEntries(two, '两个.xlsx', { ...ZIP_LIMITS, maxEntryBytes: 1024 * 1024, maxRatio: 10_000 })).toThrow(refused('tooLarge', '「a.xml」解压后有 2 MB（上限 1 MB）'));
  });

  it('stops an entry inflating past its declared size after that size, and refuses one that inflates short of it', async () => {
    const liar = zipOf([bombEntry('a.xml', 50, 100)]);
    await expect(checkZip(liar, '谎.xlsx')).rejects.toEqual(refused('tooLarge', '超过其记录的大小（100 字节）'));
    const short = zipOf([{ ...textEntry('a.xml', '<a/>'), declaredSize: 100 }]);
    await expect(checkZip(short, '短.xlsx')).rejects.toEqual(refused('invalid', '大小记录不一致'));
  });
});
