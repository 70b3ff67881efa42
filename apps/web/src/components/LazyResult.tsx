import type { ResultProps } from 'antd';
import { lazy, Suspense } from 'react';

const Result = lazy(() => import('antd/es/result'));

/**
 * antd's Result, fetched the first time one is shown. The session check and the role gate, which are
 * in the first chunk, show one only when a start fails or a screen is refused; its illustrations
 * need not come with every first load.
 */
export function LazyResult(props: ResultProps) {
  return (
    <Suspense fallback={null}>
      <Result {...props} />
    </Suspense>
  );
}
