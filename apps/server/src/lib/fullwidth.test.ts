import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The server's Chinese text (errors, notices, audit summaries, light reasons, exports, reminders)
// uses full-width punctuation, as the web catalogue does (apps/web/src/i18n/zh-CN.test.ts, whose
// HALF_WIDTH this copies, with "${…}" for its "{…}" placeholders).
const CJK = '[\\u3400-\\u9fff\\uf900-\\ufaff]';
const HALF_WIDTH = new RegExp(`${CJK}[,:;?!()]|[,:;?!()]${CJK}`, 'u');
/** Between placeholders ("修改任务 ${title}:${said}") only in a text that has Chinese; "${a}:${b}" alone is a key. */
const BETWEEN_PLACEHOLDERS = /\}[,:;?!()]\$\{/;
const HAS_CJK = new RegExp(CJK, 'u');
/** Literals that are regular-expression sources (division-table's date patterns): their brackets and "?" are syntax. */
const REGEX_SOURCE = /\\[dswbDSWB]|\(\?|\||\[[^\]\s]+\]/;

/** Old forms the server still matches in rows written before the change ("file: text"). */
const OLD_FORMS = new Set(['supervision/task.service.ts: ${}(配合)']);

const SRC = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/**
 * The string and template texts of a source that mix half-width punctuation into Chinese, as
 * "file:line: text" (a template's placeholders written "${}"). SQL (sql`…` and what is passed to it)
 * and regular-expression sources are not text.
 */
export function halfWidthTexts(file: string, source: string): string[] {
  // Most files have nothing the walk could find; parsing them all is slow on a loaded machine.
  if (!HALF_WIDTH.test(source) && !(BETWEEN_PLACEHOLDERS.test(source) && HAS_CJK.test(source))) return [];
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node, inSql: boolean): void => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(sf) === 'sql') inSql = true;
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('${}');
    const regexArgument = node.parent !== undefined && ts.isNewExpression(node.parent) && node.parent.expression.getText(sf) === 'RegExp';
    if (text !== null && !inSql && !regexArgument && !REGEX_SOURCE.test(text) && (HALF_WIDTH.test(text) || (BETWEEN_PLACEHOLDERS.test(text) && HAS_CJK.test(text)))) {
      found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${text}`);
    }
    ts.forEachChild(node, (child) => visit(child, inSql));
  };
  visit(sf, false);
  return found;
}

describe("the server's Chinese text", () => {
  it('uses full-width punctuation', () => {
    const found = sourceFiles(SRC)
      .flatMap((file) => halfWidthTexts(path.relative(SRC, file), fs.readFileSync(file, 'utf8')))
      .filter((entry) => !OLD_FORMS.has(entry.replace(/:\d+: /, ': ')));
    expect(found).toEqual([]);
  }, 60_000);

  it('catches half-width punctuation beside Chinese characters, and only there', () => {
    const sample = [
      "throw new AppError('PASSWORD_CHANGE_REQUIRED', '管理员重置了您的密码,请先修改密码');",
      'const title = `催办:${task.title}`;',
      'const summary = `修改任务 ${task.title}:${said}`;',
      "const unit = '东城区(仅本单位)';",
      "const key = `${a.kind}:${a.recordId}`;",
      "const ok = ['完成时限：', 'Authorization: Bearer', `${table}: ${rows} 行`, '共 ${n} 条'];",
      "const where = sql`coalesce(u.name, '未交办,') AS name`;",
      "const NUM = '(\\\\d{1,2}|[一二三四五六七八九十]{1,3})';",
    ].join('\n');
    expect(halfWidthTexts('sample.ts', sample)).toEqual([
      'sample.ts:1: 管理员重置了您的密码,请先修改密码',
      'sample.ts:2: 催办:${}',
      'sample.ts:3: 修改任务 ${}:${}',
      'sample.ts:4: 东城区(仅本单位)',
    ]);
  });
});
