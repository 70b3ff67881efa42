import { useSyncExternalStore } from 'react';

/** Which of antd's breakpoints the window is at or above (its default widths), like `Grid.useBreakpoint()`. */
export interface Screens {
  xs: boolean;
  sm: boolean;
  md: boolean;
  lg: boolean;
  xl: boolean;
  xxl: boolean;
}

const MIN_WIDTHS = { sm: 576, md: 768, lg: 992, xl: 1200, xxl: 1600 } as const;
const queries = typeof window === 'undefined' || !window.matchMedia ? [] : Object.values(MIN_WIDTHS).map((w) => window.matchMedia(`(min-width: ${w}px)`));

let key = '';
let snapshot: Screens = { xs: true, sm: false, md: false, lg: false, xl: false, xxl: false };

/** The window's breakpoints, the same object while none of them changes. */
function read(): Screens {
  const matches = queries.map((q) => q.matches);
  const next = matches.map(Number).join('');
  if (next !== key) {
    const [sm = false, md = false, lg = false, xl = false, xxl = false] = matches;
    key = next;
    snapshot = { xs: !sm, sm, md, lg, xl, xxl };
  }
  return snapshot;
}

function subscribe(changed: () => void): () => void {
  for (const q of queries) q.addEventListener('change', changed);
  return () => {
    for (const q of queries) q.removeEventListener('change', changed);
  };
}

/**
 * The window's breakpoints, right from the first render. antd's `Grid.useBreakpoint()` starts with
 * none known and learns them in a layout effect, so a screen using it is first drawn for a phone and
 * at once drawn again for the desk — a task list rendered twice, the second time synchronously,
 * before anything shows.
 */
export function useScreens(): Screens {
  return useSyncExternalStore(subscribe, read, read);
}
