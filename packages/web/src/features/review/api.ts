import type { AggregateView, AssignmentDetail, FormState, ReviewInput, SubmissionVersion } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { inboxKeys } from '../inbox/api';

/** Under `['assignments', id]`, so that every assignment change (delegation, review) refreshes them too. */
export const reviewKeys = {
  form: (id: string) => ['assignments', id, 'form'] as const,
  versions: (id: string) => ['assignments', id, 'versions'] as const,
  aggregate: (id: string) => ['assignments', id, 'aggregate'] as const,
};

/** The unit's form as saved (template, inputs, computed values): read-only here. */
export function useFormState(id: string | undefined) {
  return useQuery({
    queryKey: reviewKeys.form(id ?? ''),
    queryFn: ({ signal }) => api.get<FormState>(`/assignments/${id}/form`, undefined, signal),
    enabled: !!id,
  });
}

/** Every submitted version of a unit's report, with the difference to the previous one and its review (R18). */
export function useVersions(id: string | undefined) {
  return useQuery({
    queryKey: reviewKeys.versions(id ?? ''),
    queryFn: ({ signal }) => api.get<SubmissionVersion[]>(`/assignments/${id}/versions`, undefined, signal),
    enabled: !!id,
  });
}

/** The rolled-up figures of the subordinate units, polled so a late unit's report shows up (R26). */
export function useAggregate(id: string | undefined) {
  return useQuery({
    queryKey: reviewKeys.aggregate(id ?? ''),
    queryFn: ({ signal }) => api.get<AggregateView>(`/assignments/${id}/aggregate`, undefined, signal),
    enabled: !!id,
    refetchInterval: 30_000,
  });
}

/**
 * The requesting unit's consolidation of one round over every unit asked, for one template version of
 * the regime. Under the round's key, so that a review or a new answer refreshes it with the progress.
 */
export function useRoundAggregate(regimeId: string, roundKey: string, templateId: string | undefined) {
  return useQuery({
    queryKey: ['regimes', 'round', regimeId, roundKey, 'aggregate', templateId ?? ''] as const,
    queryFn: ({ signal }) => api.get<AggregateView>(`/regimes/${regimeId}/rounds/${encodeURIComponent(roundKey)}/aggregate`, { templateId }, signal),
    enabled: !!templateId,
    refetchInterval: 30_000,
  });
}

/** Refreshes what a review or an aggregate changes: assignments, the inbox, the regimes' round progress. */
function useRefreshAfterChange() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: inboxKeys.assignments }),
      queryClient.invalidateQueries({ queryKey: inboxKeys.inbox }),
      queryClient.invalidateQueries({ queryKey: ['regimes'] }),
    ]);
}

/** Accepts or returns a subordinate's submission; answers with the parent assignment. */
export function useReview() {
  const refresh = useRefreshAfterChange();
  return useMutation({
    mutationFn: ({ childId, ...input }: ReviewInput & { childId: string }) => api.post<AssignmentDetail>(`/assignments/${childId}/review`, input),
    onSettled: refresh,
  });
}

/** Takes the aggregate into the unit's own report as its draft. */
export function useApplyAggregate(id: string) {
  const refresh = useRefreshAfterChange();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; note: string }) => api.post<FormState>(`/assignments/${id}/aggregate`, input),
    onSuccess: (form) => queryClient.setQueryData(reviewKeys.form(id), form),
    onSettled: refresh,
  });
}
