/**
 * The page's CSP style nonce: the server writes a fresh one into index.html's
 * `<meta name="csp-nonce">` with each answer and admits only `<style>` tags carrying it.
 * Undefined under the Vite dev server, which leaves the placeholder.
 */
export function cspNonce(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const value = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
  return /^[0-9a-f]{16,}$/.test(value) ? value : undefined;
}

/**
 * Gives every `<style>` element the app's scripts create the nonce. antd's CSS-in-JS takes it from
 * ConfigProvider, but @rc-component/util injects a few without one (the scroll lock under a Modal or
 * Drawer, the scrollbar measure of a Table), which the CSP would block. Injected markup still cannot
 * add a style element: only script calls createElement, and only the app's own files run (script-src 'self').
 */
export function nonceCreatedStyles(nonce: string | undefined): void {
  if (!nonce || typeof document === 'undefined') return;
  const create = document.createElement;
  document.createElement = function (this: Document, tagName: string, options?: ElementCreationOptions) {
    const element = create.call(this, tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  } as typeof document.createElement;
}
