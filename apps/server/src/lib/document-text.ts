import path from 'node:path';
import JSZip from 'jszip';
import { decodeText, htmlToText } from '@luoshi/doc-parser';

/** The text of an uploaded document: .txt (UTF-8 or GB18030), .html, or .docx; null for other types. */
export async function documentText(fileName: string, bytes: Uint8Array): Promise<{ text: string; format: string } | null> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.txt' || ext === '.text' || ext === '') return { text: decodeText(bytes).text, format: 'text' };
  if (ext === '.html' || ext === '.htm') return { text: htmlToText(decodeText(bytes).text), format: 'html' };
  if (ext === '.docx') return { text: await docxText(bytes), format: 'docx' };
  return null;
}

/** Paragraph text of a .docx file (word/document.xml), one paragraph a line. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) throw new Error('不是有效的 Word (.docx) 文件');
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
