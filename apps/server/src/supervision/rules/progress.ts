/** Rounds to 2 decimals, nudging by epsilon so that 1.005 rounds up as a person would expect. */
function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

/** A number as people write it: no trailing zeros, at most 2 decimals. */
function plain(x: number): string {
  return String(round2(x));
}

/**
 * A parent's percent complete: its children's percents weighted by their weights, rounded to
 * 2 decimals. No children (or no weight at all) gives 0.
 */
export function weightedPercent(children: { percent: number; weight: number }[]): number {
  let sum = 0;
  let weights = 0;
  for (const c of children) {
    sum += c.percent * c.weight;
    weights += c.weight;
  }
  return weights > 0 ? round2(sum / weights) : 0;
}

/**
 * How a parent's percent was computed, to show beside it so nobody has to trust a bare number:
 * "（40%×1 + 60%×2）÷ 3 = 53.33%". Children are listed in the order given.
 */
export function percentFormula(children: { title: string; percent: number; weight: number }[]): string {
  if (children.length === 0) return '无下级任务，进度为 0%';
  const terms = children.map((c) => `${plain(c.percent)}%×${plain(c.weight)}`).join(' + ');
  const weights = children.reduce((s, c) => s + c.weight, 0);
  return `（${terms}）÷ ${plain(weights)} = ${plain(weightedPercent(children))}%`;
}
