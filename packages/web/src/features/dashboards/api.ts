import type { CreateSavedViewInput, Dashboard, SavedView, UpdateSavedViewInput } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export const dashboardKeys = {
  dashboard: ['dashboard'] as const,
  views: ['saved-views'] as const,
};

/** The overview of the user's unit: the current period's reports and the pinned indicators. */
export function useDashboard() {
  return useQuery({ queryKey: dashboardKeys.dashboard, queryFn: ({ signal }) => api.get<Dashboard>('/dashboard', undefined, signal), refetchInterval: 60_000 });
}

/** The user's saved views and those shared within the unit. */
export function useSavedViews() {
  return useQuery({ queryKey: dashboardKeys.views, queryFn: ({ signal }) => api.get<SavedView[]>('/saved-views', undefined, signal) });
}

function useViewMutation<TInput, TOutput>(fn: (input: TInput) => Promise<TOutput>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: dashboardKeys.views }), queryClient.invalidateQueries({ queryKey: dashboardKeys.dashboard })]),
  });
}

export const useCreateView = () => useViewMutation((input: CreateSavedViewInput) => api.post<SavedView>('/saved-views', input));
export const useUpdateView = () => useViewMutation(({ id, ...input }: UpdateSavedViewInput & { id: string }) => api.patch<SavedView>(`/saved-views/${id}`, input));
export const useDeleteView = () => useViewMutation((id: string) => api.delete<void>(`/saved-views/${id}`));
