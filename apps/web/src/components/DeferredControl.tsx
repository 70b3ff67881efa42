import { useDeferredValue, type ReactNode } from 'react';

/**
 * A form control drawn after the first paint: until then, an empty box of the same size and look,
 * so nothing moves when the control arrives.
 *
 * A filter bar's selects, tree select and date-range picker cost a list page a third of its first
 * render (each measures its own width; the picker reads the clock through the time-zone data); the
 * rows need none of them to show. React renders the controls in a deferred pass right after the
 * page has been drawn — a fraction of a second, before anyone can reach for them.
 */
export function DeferredControl({ width, children }: { width: number; children: ReactNode }) {
  const ready = useDeferredValue(true, false);
  return ready ? children : <span className="control-placeholder" style={{ width }} aria-hidden="true" />;
}
