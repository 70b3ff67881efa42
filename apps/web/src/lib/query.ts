import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';

/** A failure worth trying again: the server unreachable, or answering 5xx while its database is briefly away. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/**
 * The one cache of server state. Reads retry transient failures three times with backoff (1 s,
 * 2 s, 4 s) and never retry an answer that will not change (403, 404, validation); lists keep
 * showing the previous page while the next loads. Writes are never retried.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 3 && isTransient(error),
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}
