import { Tooltip } from 'antd';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { DraftItem } from './directives.api.ts';
import { clauseRanges } from './draft-ops.ts';

interface Props {
  body: string;
  items: DraftItem[];
  selectedKey: string | null;
  lostCharacters: number[];
  /** A span to show instead of an item's clause (a target or statistic located from the tabs). */
  focus?: { offset: number; length: number } | null;
  onSelect: (key: string) => void;
}

/** The key under which a located span (not an item) is selected. */
export const FOCUS_KEY = '__focus';

interface Span {
  start: number;
  end: number;
  key: string;
  included: boolean;
}

/**
 * The cleaned source text: every item's clause is marked (dropped ones faintly), the selected
 * item's clause highlighted and scrolled into view; characters lost in transmission (shown as ?)
 * are flagged. Clicking a marked clause selects its item.
 */
export function SourcePane({ body, items, selectedKey, lostCharacters, focus, onSelect }: Props) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);

  const spans = useMemo<Span[]>(() => {
    const list: Span[] = items.flatMap((i) => clauseRanges(body, i).map(([start, end]) => ({ start, end, key: i.key, included: i.include })));
    if (focus) list.push({ start: focus.offset, end: Math.min(body.length, focus.offset + focus.length), key: FOCUS_KEY, included: true });
    return list.sort((a, b) => a.start - b.start);
  }, [items, body, focus]);

  const pieces = useMemo(() => {
    const lost = new Set(lostCharacters.filter((o) => o >= 0 && o < body.length));
    const cuts = new Set<number>([0, body.length]);
    for (const s of spans) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    for (const o of lost) {
      cuts.add(o);
      cuts.add(o + 1);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const out: ReactNode[] = [];
    const selected = spans.filter((s) => s.key === selectedKey);
    const firstStart = selected[0]?.start;
    for (let n = 0; n < points.length - 1; n++) {
      const start = points[n]!;
      const end = points[n + 1]!;
      if (end <= start) continue;
      const text = body.slice(start, end);
      const isLost = end - start === 1 && lost.has(start);
      const owner = selected.find((s) => start >= s.start && end <= s.end) ?? spans.find((s) => start >= s.start && end <= s.end);
      let node: ReactNode = isLost ? (
        <Tooltip key={`l${start}`} title={t('directive.lostCharacter')}>
          <mark className="source-lost" data-testid="source-lost">
            {text}
          </mark>
        </Tooltip>
      ) : (
        text
      );
      if (owner) {
        const active = owner.key === selectedKey;
        node = (
          <span
            key={`s${start}`}
            className={active ? 'source-clause source-clause-active' : owner.included ? 'source-clause' : 'source-clause source-clause-dropped'}
            data-testid={active ? 'source-highlight' : undefined}
            data-start={active && start === firstStart ? 'true' : undefined}
            onClick={() => onSelect(owner.key)}
          >
            {node}
          </span>
        );
      } else if (!isLost) node = <span key={`t${start}`}>{text}</span>;
      out.push(node);
    }
    return out;
  }, [body, spans, selectedKey, lostCharacters, onSelect, t]);

  useEffect(() => {
    const container = box.current;
    const first = container?.querySelector<HTMLElement>('[data-start="true"]');
    if (!container || !first) return;
    const top = first.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
    container.scrollTo({ top: Math.max(0, top - container.clientHeight / 4), behavior: 'smooth' });
  }, [selectedKey, focus]);

  return (
    <div ref={box} className="source-pane" data-testid="source-pane" lang="zh">
      {pieces}
    </div>
  );
}
