import type { AssignmentDetail, AssignPersonInput, DelegateInput, Inbox } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export const inboxKeys = {
  inbox: ['inbox'] as const,
  assignments: ['assignments'] as const,
  assignment: (id: string) => ['assignments', id] as const,
};

/** The signed-in user's work, by category; polled so a new request shows up without a reload. */
export function useInbox() {
  return useQuery({
    queryKey: inboxKeys.inbox,
    queryFn: ({ signal }) => api.get<Inbox>('/inbox', undefined, signal),
    refetchInterval: 30_000,
  });
}

export function useAssignment(id: string | undefined) {
  return useQuery({
    queryKey: inboxKeys.assignment(id ?? ''),
    queryFn: ({ signal }) => api.get<AssignmentDetail>(`/assignments/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/**
 * Every delegation change answers with the parent assignment: keep it, and refresh the inbox and the
 * other assignments (a delegated child's own page shows its new deadline or its withdrawal).
 */
function useAssignmentMutation<TInput>(fn: (input: TInput) => Promise<AssignmentDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (parent) => {
      queryClient.setQueryData(inboxKeys.assignment(parent.id), parent);
      void queryClient.invalidateQueries({ queryKey: inboxKeys.inbox });
      return queryClient.invalidateQueries({
        queryKey: inboxKeys.assignments,
        predicate: (q) => q.queryKey[1] !== parent.id,
      });
    },
    // A refusal often means someone else changed the work meanwhile (409): show what it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: inboxKeys.assignments }),
  });
}

/** Passes the work on to subordinate units or divisions with an internal deadline (R16). */
export const useDelegate = () =>
  useAssignmentMutation(({ id, ...input }: DelegateInput & { id: string }) => api.post<AssignmentDetail>(`/assignments/${id}/delegations`, input));

/** Gives the work to a person of the unit, or back to the unit with `userId: null`. */
export const useAssignPerson = () =>
  useAssignmentMutation(({ id, ...input }: AssignPersonInput & { id: string }) => api.put<AssignmentDetail>(`/assignments/${id}/assignee`, input));

/** Takes a delegation back; answers with the parent. */
export const useWithdrawDelegation = () =>
  useAssignmentMutation(({ childId, reason }: { childId: string; reason: string }) => api.post<AssignmentDetail>(`/assignments/${childId}/withdraw`, { reason }));

/** Changes a delegation's internal deadline; answers with the parent. */
export const useRescheduleDelegation = () =>
  useAssignmentMutation(({ childId, dueOn }: { childId: string; dueOn: string }) => api.put<AssignmentDetail>(`/assignments/${childId}/due`, { dueOn }));
