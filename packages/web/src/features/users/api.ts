import type { CreateUserInput, ResetPasswordResult, UpdateUserInput, User } from '@baocao/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export type UserFilter = { unitId?: string; q?: string; includeSubunits?: boolean };

export const userKeys = {
  all: ['users'] as const,
  list: (filter: UserFilter) => ['users', 'list', filter] as const,
};

/** Users in the caller's scope, optionally narrowed to a unit (and its subunits) and a search text. */
export function useUsers(filter: UserFilter = {}, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: userKeys.list(filter),
    queryFn: ({ signal }) =>
      api.get<User[]>(
        '/users',
        { unitId: filter.unitId, q: filter.q?.trim(), includeSubunits: filter.unitId && filter.includeSubunits ? 'true' : undefined },
        signal,
      ),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

function useUserMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }) });
}

export const useCreateUser = () => useUserMutation((input: CreateUserInput) => api.post<User>('/users', input));

export const useUpdateUser = () =>
  useUserMutation(({ id, ...input }: UpdateUserInput & { id: string }) => api.patch<User>(`/users/${id}`, input));

export const useResetPassword = () => useUserMutation((id: string) => api.post<ResetPasswordResult>(`/users/${id}/reset-password`, {}));

export const useUnlockUser = () => useUserMutation((id: string) => api.post<User>(`/users/${id}/unlock`, {}));
