import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeForMatch, parseDocument, type ParsedDocument } from '@luoshi/doc-parser';
import { documentText } from '../lib/document-text.ts';

/** Precision, recall and F1 of one field over the development set. */
export interface FieldScore {
  p: number;
  r: number;
  f1: number;
}

/** The development set's scores: the nine fields of the set's own scorer, then the tasks' units and deadlines. */
export interface IntakeAccuracy {
  documents: number;
  fields: Record<string, FieldScore>;
}

interface GoldTask {
  text: string;
  leadUnits: string[];
  coUnits: string[];
  deadline: string | null;
}

// Spacing and quotes do not count (the parser's cleaning already drops pinyin artefacts such as 區(qū)).
const key = (s: string | null | undefined): string => normalizeForMatch(String(s ?? '')).replace(/[\s"'“”「」‘’]/gu, '');

const score = (tp: number, np: number, ng: number): FieldScore => {
  const p = np ? tp / np : ng ? 0 : 1;
  const r = ng ? tp / ng : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

/** A predicted task is the gold one when either text holds the other (a deployment sentence may carry two annotated tasks). */
function sameTask(gold: string, pred: string): boolean {
  const g = key(gold).replace(/[。;,:]+$/u, '');
  const p = key(pred).replace(/[。;,:]+$/u, '');
  if (!g || !p) return false;
  const [short, long] = g.length <= p.length ? [g, p] : [p, g];
  return long.includes(short) && short.length >= Math.min(8, long.length);
}

const sameUnit = (g: string, p: string): boolean => {
  const a = key(g);
  const b = key(p);
  return !!a && !!b && (a.includes(b) || b.includes(a));
};

function matchCount(gold: string[], pred: string[], same: (g: string, p: string) => boolean): number {
  const used = new Set<number>();
  let tp = 0;
  for (const g of gold) {
    const i = pred.findIndex((p, k) => !used.has(k) && same(g, p));
    if (i >= 0) {
      used.add(i);
      tp++;
    }
  }
  return tp;
}

/** Tasks, lead units, co-units and deadlines against the gold `tasks` of the documents that carry them. */
function scoreTasks(pairs: Array<{ gold: GoldTask[]; pred: ParsedDocument['tasks'] }>): Record<string, FieldScore> {
  const zero = () => ({ tp: 0, np: 0, ng: 0 });
  const t = { tasks: zero(), taskLeadUnits: zero(), taskCoUnits: zero(), taskDeadlines: zero() };
  const add = (k: keyof typeof t, tp: number, np: number, ng: number): void => {
    t[k].tp += tp;
    t[k].np += np;
    t[k].ng += ng;
  };
  for (const { gold, pred } of pairs) {
    if (gold.length === 0) continue;
    const used = new Set<number>();
    for (const g of gold) {
      const i = pred.findIndex((p, k) => !used.has(k) && sameTask(g.text, p.text));
      const p = i >= 0 ? pred[i] : undefined;
      if (p) used.add(i);
      add('tasks', p ? 1 : 0, p ? 1 : 0, 1);
      add('taskLeadUnits', p ? matchCount(g.leadUnits, p.leadUnits, sameUnit) : 0, p?.leadUnits.length ?? 0, g.leadUnits.length);
      add('taskCoUnits', p ? matchCount(g.coUnits, p.coUnits, sameUnit) : 0, p?.coUnits.length ?? 0, g.coUnits.length);
      const dl = p && g.deadline && p.deadline && key(g.deadline) === key(p.deadline) ? 1 : 0;
      add('taskDeadlines', dl, p?.deadline ? 1 : 0, g.deadline ? 1 : 0);
    }
    // Tasks and units the parser found beyond the annotation count against it.
    pred.forEach((p, k) => {
      if (used.has(k)) return;
      add('tasks', 0, 1, 0);
      add('taskLeadUnits', 0, p.leadUnits.length, 0);
      add('taskCoUnits', 0, p.coUnits.length, 0);
      add('taskDeadlines', 0, p.deadline ? 1 : 0, 0);
    });
  }
  return Object.fromEntries(Object.entries(t).map(([k, c]) => [k, score(c.tp, c.np, c.ng)]));
}

/**
 * Parses every document of a development set (`docs/`, `gold/`, `score.mjs`, as in
 * ../shared/corpus/dev) with the same code as `luoshi parse --json`, scores the output with the
 * set's own scorer, and scores the tasks' units and deadlines, which that scorer leaves out.
 */
export async function scoreDevSet(devDir: string): Promise<IntakeAccuracy> {
  const goldDir = path.join(devDir, 'gold');
  const docsDir = path.join(devDir, 'docs');
  const scorer = path.join(devDir, 'score.mjs');
  for (const p of [goldDir, docsDir, scorer]) if (!fs.existsSync(p)) throw new Error(`开发集不完整：缺少 ${p}`);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-intake-'));
  try {
    const pairs: Array<{ gold: GoldTask[]; pred: ParsedDocument['tasks'] }> = [];
    const names = fs.readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort();
    for (const g of names) {
      const name = g.replace(/\.json$/, '');
      const file = path.join(docsDir, `${name}.txt`);
      const doc = await documentText(file, fs.readFileSync(file));
      if (!doc) throw new Error(`无法读取 ${file}`);
      const parsed = parseDocument(doc.text);
      fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(parsed));
      const gold = JSON.parse(fs.readFileSync(path.join(goldDir, g), 'utf8')) as { tasks?: GoldTask[] };
      pairs.push({ gold: gold.tasks ?? [], pred: parsed.tasks });
    }
    let printed: string;
    try {
      printed = execFileSync(process.execPath, [scorer, goldDir, docsDir, out], { encoding: 'utf8' });
    } catch (err) {
      // The scorer exits with 1 when a field is below its own bar; its output is still the score.
      printed = String((err as { stdout?: string }).stdout ?? '');
    }
    const line = printed.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`评分脚本没有输出结果：${printed.slice(0, 200)}`);
    const official = JSON.parse(line) as Record<string, { p: number; r: number; f1: number }>;
    const fields: Record<string, FieldScore> = {};
    for (const [k, v] of Object.entries(official)) fields[k] = { p: v.p, r: v.r, f1: v.f1 };
    Object.assign(fields, scoreTasks(pairs));
    return { documents: names.length, fields };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
