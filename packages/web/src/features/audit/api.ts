import type { AuditPage } from '@baocao/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export type AuditFilter = { unitId?: string; actorId?: string; action?: string; from?: string; to?: string };

const PAGE_SIZE = 50;

/** The audit trail, newest first, a page at a time: each page continues before the last record seen. */
export function useAuditLog(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['audit', 'log', filter],
    queryFn: ({ pageParam, signal }) => api.get<AuditPage>('/audit', { ...filter, before: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}

export function useAuditActions() {
  return useQuery({
    queryKey: ['audit', 'actions'],
    queryFn: ({ signal }) => api.get<string[]>('/audit/actions', undefined, signal),
    staleTime: 5 * 60_000,
  });
}
