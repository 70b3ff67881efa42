import { createElement, lazy, useState, type ComponentType } from 'react';

/** A page loaded in its own chunk, whose chunk can be fetched before React asks for it. */
export type LazyPage = ComponentType & { preload: () => Promise<unknown> };

/**
 * A page in its own chunk, with its loader kept as `preload`: at start-up the app fetches the
 * signed-in frame and the page of the address being opened at once, side by side with the session
 * check, instead of one after the other as each is first rendered.
 *
 * A page whose chunk has already arrived renders at once, without suspending: a suspended page
 * shows its fallback and React then holds the revealed page back for up to 300 ms (its Suspense
 * throttle), once for the frame and again for the screen. A page mounted before its chunk arrived
 * stays the `React.lazy` it started as, so that arriving never remounts it.
 */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  let loaded: ComponentType | undefined;
  let pending: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (pending ??= load().then(
      (module) => {
        loaded = module.default;
        return module;
      },
      (err: unknown) => {
        // A failed fetch (a new deployment, the network) is tried again the next time.
        pending = undefined;
        throw err;
      },
    ));
  const Lazy = lazy(preload);
  function Page() {
    const [direct] = useState(() => loaded);
    return direct ? createElement(direct) : createElement(Lazy);
  }
  return Object.assign(Page, { preload });
}
