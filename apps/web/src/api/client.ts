/** One fetch client for the whole web app: JSON, cookies, CSRF, and errors normalised into ApiError. */

/** A failed API call, normalised from `{ error: { code, message, details }, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A field error of a VALIDATION answer. */
export interface FieldError {
  field: string;
  message: string;
}

/** A row error of an IMPORT_INVALID answer. */
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

/** What the app does when a call finds the session gone or a forced password change pending. */
export interface AuthEvents {
  onUnauthenticated: () => void;
  onPasswordChangeRequired: () => void;
}

let csrfToken = '';
let events: AuthEvents | undefined;

/** Remembers the session's CSRF token; every non-GET request sends it. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Registers the handlers for 401 and PASSWORD_CHANGE_REQUIRED answers (set by the auth provider). */
export function setAuthEvents(handlers: AuthEvents | undefined): void {
  events = handlers;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `path?query`, leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Don't trigger the 401 handler (used by login and the first session check). */
  quiet401?: boolean;
  signal?: AbortSignal;
}

/** GETs started ahead of the code that reads them (see `prefetch`), by address. */
const prefetched = new Map<string, Promise<Response>>();
const PREFETCH_KEPT_MS = 10_000;

/**
 * Starts a GET at once, while the screen that reads it is still on its way, and hands its answer to
 * the first `api()` GET of the same address within ten seconds; after that a read fetches anew.
 */
export function prefetch(path: string, query?: Query): void {
  const url = withQuery(path, query);
  if (prefetched.has(url)) return;
  const pending = fetch(url, { headers: { accept: 'application/json' }, credentials: 'include' });
  pending.catch(() => undefined);
  prefetched.set(url, pending);
  setTimeout(() => {
    if (prefetched.get(url) === pending) prefetched.delete(url);
  }, PREFETCH_KEPT_MS);
}

/** Drops the GETs started ahead: the session they were made with is gone or must first change its password. */
export function forgetPrefetched(): void {
  prefetched.clear();
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const url = withQuery(path, options.query);
  const early = method === 'GET' ? prefetched.get(url) : undefined;
  if (early) prefetched.delete(url);
  let response: Response;
  try {
    response = await (early ?? fetch(url, { method, headers, body, credentials: 'include', signal: options.signal }));
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  if (!response.ok) throw await toApiError(response, options);
  return response;
}

async function toApiError(response: Response, options: RequestOptions): Promise<ApiError> {
  let payload: { error?: { code?: string; message?: string; details?: unknown }; requestId?: string } | undefined;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  const code = payload?.error?.code ?? (response.status >= 500 ? 'INTERNAL' : 'HTTP_' + response.status);
  const message = payload?.error?.message ?? `服务器返回错误（${response.status}），请稍后再试`;
  const error = new ApiError(code, message, response.status, payload?.error?.details, payload?.requestId);
  if (response.status === 401 && !options.quiet401) events?.onUnauthenticated();
  if (code === 'PASSWORD_CHANGE_REQUIRED') events?.onPasswordChangeRequired();
  return error;
}

/** Calls the API and returns the parsed JSON body. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Downloads a file answer (e.g. an .xlsx export) and hands it to the browser under its server-given name. */
export async function download(path: string, query?: Query, fallbackName = 'export.xlsx'): Promise<void> {
  const response = await send(path, { query });
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  saveBlob(blob, encoded ? decodeURIComponent(encoded) : fallbackName);
}

/** Offers a Blob to the user as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The field errors of a VALIDATION answer, or an empty list. */
export function fieldErrors(error: unknown): FieldError[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION' || !Array.isArray(error.details)) return [];
  return (error.details as FieldError[]).filter((d) => typeof d?.field === 'string' && typeof d?.message === 'string');
}

/** The per-row errors of an IMPORT_INVALID answer, or an empty list. */
export function importErrors(error: unknown): ImportRowError[] {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_INVALID' || !Array.isArray(error.details)) return [];
  return error.details as ImportRowError[];
}
