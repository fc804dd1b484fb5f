import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../../shared/api/client';
import { ErrorResult } from '../../shared/ui/error-result';

type Query = { isError: boolean; error: unknown; data?: unknown; refetch: () => unknown };

/** A page's loading spinner or its refusal (404, 403, other failures with a retry); null once every query has data. */
export function pageState(...queries: Query[]): ReactNode {
  const failed = queries.find((q) => q.isError && q.data === undefined);
  if (failed) {
    const status = failed.error instanceof ApiError ? failed.error.status : 0;
    if (status === 404) return <ErrorResult notFound />;
    if (status === 403) return <ErrorResult forbidden />;
    return <ErrorResult error={failed.error} onRetry={() => void failed.refetch()} />;
  }
  if (queries.some((q) => q.data === undefined)) return <Spin style={{ display: 'block', margin: 48 }} />;
  return null;
}
