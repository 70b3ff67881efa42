import { Tooltip } from 'antd';
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';

/** Where and what the one tooltip shows. */
interface Tip {
  text: string;
  rect: DOMRect;
  /** Changes with each element shown, so the tooltip is placed anew. */
  id: number;
}

const SHOW_DELAY_MS = 100;

/** Whether an element's text is cut (by an ellipsis or its box). */
function overflows(el: HTMLElement): boolean {
  return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
}

/**
 * One tooltip for the whole app, for elements that carry their text in `data-tip`: shown on hover
 * and on keyboard focus, and — with `data-tip-overflow` — only when the element's text is cut.
 *
 * A table of fifty rows with a tooltip of its own on each cut-off title, unit and light costs fifty
 * tooltip components rendered up front; this costs one, placed over the element the pointer or the
 * focus is on. The elements themselves stay as they are, so hovering never re-renders them and a
 * click arriving with the pointer always lands.
 */
export function TipHost() {
  const [tip, setTip] = useState<Tip | null>(null);

  useEffect(() => {
    let current: HTMLElement | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let id = 0;
    const clear = () => {
      clearTimeout(timer);
      current = null;
      setTip(null);
    };
    const enter = (event: Event) => {
      const el = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-tip]') : null;
      if (el === current) return;
      clear();
      const text = el?.dataset.tip;
      if (!el || !text) return;
      current = el;
      timer = setTimeout(() => {
        if (current !== el || !el.isConnected) return;
        if (el.hasAttribute('data-tip-overflow') && !overflows(el)) return;
        setTip({ text, rect: el.getBoundingClientRect(), id: ++id });
      }, SHOW_DELAY_MS);
    };
    const leave = (event: Event) => {
      const to = (event as MouseEvent | FocusEvent).relatedTarget;
      if (current && !(to instanceof Node && current.contains(to))) clear();
    };
    // A scrolled page or a click (which may open a menu or leave the screen) takes the tooltip away.
    const listeners: [EventTarget, string, (event: Event) => void, boolean][] = [
      [document, 'mouseover', enter, false],
      [document, 'focusin', enter, false],
      [document, 'mouseout', leave, false],
      [document, 'focusout', leave, false],
      [window, 'scroll', clear, true],
      [document, 'pointerdown', clear, true],
    ];
    for (const [target, type, listener, capture] of listeners) target.addEventListener(type, listener, capture);
    return () => {
      clear();
      for (const [target, type, listener, capture] of listeners) target.removeEventListener(type, listener, capture);
    };
  }, []);

  if (!tip) return null;
  const { left, top, width, height } = tip.rect;
  return (
    <Tooltip key={tip.id} open title={tip.text}>
      <span data-testid="tip-anchor" aria-hidden="true" style={{ position: 'fixed', left, top, width, height, pointerEvents: 'none' }} />
    </Tooltip>
  );
}

/**
 * A cell's text on one line, ending in an ellipsis when it does not fit, with the whole text in the
 * tooltip then (TipHost). `children` (a link, say) is shown in place of the plain text.
 */
export function CellText({ text, children, className, style }: { text: string | null | undefined; children?: ReactNode; className?: string; style?: CSSProperties }) {
  return (
    <span className={className ? `cell-text ${className}` : 'cell-text'} style={style} data-tip={text || undefined} data-tip-overflow="">
      {children ?? (text || '—')}
    </span>
  );
}
