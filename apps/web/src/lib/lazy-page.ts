import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A page loaded in its own chunk, whose chunk can be fetched before React asks for it. */
export type LazyPage = LazyExoticComponent<ComponentType> & { preload?: () => Promise<unknown> };

/**
 * `React.lazy` with the loader kept as `preload`: at start-up the app fetches the signed-in frame
 * and the page of the address being opened at once, side by side with the session check, instead
 * of one after the other as each is first rendered (the browser fetches a module once either way).
 */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  return Object.assign(lazy(load), { preload: load });
}
