import type { ParsedDocument } from './types.ts';

function fmtNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
}

/** A readable plain-text outline for the CLI: metadata, heading tree, tasks, figures, terms, names. */
export function formatOutline(doc: ParsedDocument): string {
  const out: string[] = [];
  out.push(`标题 Title:  ${doc.title ?? '—'}`);
  out.push(`日期 Date:   ${doc.date ?? '—'}`);
  out.push(`来源 Source: ${doc.source ?? '—'}`);
  out.push(`文字 Script: ${doc.script}`);
  out.push('');
  out.push(`结构 Headings (${doc.headings.length})`);
  for (const h of doc.headings) out.push(`${'  '.repeat(Math.max(0, h.level))}${h.marker} ${h.text}`);
  out.push('');
  out.push(`任务 Tasks (${doc.tasks.length})`);
  doc.tasks.forEach((t, i) => {
    out.push(`  ${i + 1}. ${t.text}`);
    if (t.headingPath.length > 0) out.push(`     ↳ ${t.headingPath.join(' › ')}`);
    const owners: string[] = [];
    if (t.leadUnits.length > 0) owners.push(`牵头 ${t.leadUnits.join('、')}`);
    if (t.coUnits.length > 0) owners.push(`配合 ${t.coUnits.join('、')}`);
    if (t.deadline) owners.push(`时限 ${t.deadline}`);
    if (owners.length > 0) out.push(`     ${owners.join('；')}`);
  });
  const figure = (f: { subject: string | null; value: number; unit: string | null; comparator: string; text: string }): string =>
    `${f.subject ?? '?'} ${f.comparator} ${fmtNumber(f.value)}${f.unit ?? ''}  «${f.text}»`;
  out.push('');
  out.push(`目标 Targets (${doc.targets.length})`);
  for (const f of doc.targets) out.push(`  ${figure(f)}`);
  out.push('');
  out.push(`数据 Statistics (${doc.statistics.length})`);
  for (const s of doc.statistics) out.push(`  ${s.entity ? `[${s.entity}] ` : ''}${figure(s)}`);
  out.push('');
  out.push(`提法 Formulations: ${doc.formulations.join('、') || '—'}`);
  out.push(`机制 Cadences: ${doc.cadences.map((c) => `${c.text} (${c.period}/${c.action})`).join('、') || '—'}`);
  out.push(`人物 People: ${doc.people.join('、') || '—'}`);
  out.push(`地点 Places: ${doc.places.join('、') || '—'}`);
  out.push(`机构 Organisations: ${doc.organizations.join('、') || '—'}`);
  return out.join('\n') + '\n';
}
