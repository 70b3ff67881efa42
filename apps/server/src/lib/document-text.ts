import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeText, htmlToText } from '@luoshi/doc-parser';
import { AppError } from '../errors.ts';
import { readZipEntry, ZipGuardError } from './zip-guard.ts';

export type DocumentFormat = 'text' | 'html' | 'docx' | 'pdf';

/** The text of an uploaded document: .txt (UTF-8 or GB18030), .html, .docx or a PDF's text layer; null for other types. */
export async function documentText(fileName: string, bytes: Uint8Array): Promise<{ text: string; format: DocumentFormat } | null> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.txt' || ext === '.text' || ext === '') return { text: decodeText(bytes).text, format: 'text' };
  if (ext === '.html' || ext === '.htm') return { text: htmlToText(decodeText(bytes).text), format: 'html' };
  if (ext === '.docx') return { text: await docxText(bytes, fileName), format: 'docx' };
  if (ext === '.pdf') return { text: await pdfText(bytes, fileName), format: 'pdf' };
  return null;
}

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * The text layer of a PDF, one line per run that ends a line, pages separated by a blank line.
 * Scanned PDFs have no text layer: that is a 400 naming the file, since we do not run OCR.
 */
export async function pdfText(bytes: Uint8Array, fileName = 'PDF 文件'): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await getDocument({
      // pdf.js detaches the buffer it is given; hand it a copy.
      data: new Uint8Array(bytes),
      cMapUrl: `${pathToFileURL(path.join(pdfjsDir, 'cmaps')).href}/`,
      cMapPacked: true,
      standardFontDataUrl: `${pathToFileURL(path.join(pdfjsDir, 'standard_fonts')).href}/`,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (err) {
    throw new AppError('VALIDATION', `「${fileName}」不是有效的 PDF 文件或已加密，无法读取：${(err as Error).message}`, [{ field: 'file', message: '无法读取 PDF' }]);
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(dropLayoutSpaces(text));
      page.cleanup();
    }
    const text = pages.filter(Boolean).join('\n\n');
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new AppError('VALIDATION', `「${fileName}」没有文字层（可能是扫描件或图片），无法提取文字：请上传 Word、文本文件或带文字层的 PDF，或直接粘贴文字`, [{ field: 'file', message: 'PDF 没有文字层' }]);
    }
    return text;
  } finally {
    await doc.destroy();
  }
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const LAYOUT_SPACE = new RegExp(`(?<=[${CJK}])[ \\t]+|[ \\t]+(?=[${CJK}])`, 'gu');

/** PDF writers place runs of Latin digits apart from Chinese ones (投资 100 亿元); Chinese prose has no such spaces. */
export function dropLayoutSpaces(text: string): string {
  return text.replace(LAYOUT_SPACE, '').replace(/[ \t]+\n/g, '\n').trim();
}

/**
 * Paragraph text of a .docx file (word/document.xml), one paragraph a line. A file that is no
 * ZIP, has no document.xml or would inflate too far (a zip bomb) is a 400/413 naming the file.
 */
export async function docxText(bytes: Uint8Array, fileName = 'Word 文件'): Promise<string> {
  let entry: Buffer | null;
  try {
    entry = await readZipEntry(bytes, 'word/document.xml', fileName);
  } catch (err) {
    if (!(err instanceof ZipGuardError)) throw err;
    if (err.reason === 'tooLarge') throw new AppError('PAYLOAD_TOO_LARGE', err.message, [{ field: 'file', message: '文件解压后过大' }]);
    throw new AppError('VALIDATION', err.message.replace('Office 文件', 'Word (.docx) 文件'), [{ field: 'file', message: '不是有效的 Word 文件' }]);
  }
  if (!entry) throw new AppError('VALIDATION', `「${fileName}」不是有效的 Word (.docx) 文件（缺少正文 word/document.xml），请用 Word 或 WPS 另存为 .docx 后重新上传`, [{ field: 'file', message: '不是有效的 Word 文件' }]);
  const xml = entry.toString('utf8');
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split(/<\/w:p>/)
    .map((p) => {
      let line = '';
      for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)) line += m[1] !== undefined ? decode(m[1]) : m[0] === '<w:tab/>' ? '\t' : '\n';
      return line;
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
