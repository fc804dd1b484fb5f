import type { CalendarYear, SchedulerReport } from '@baocao/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => ['calendar', year] as const,
};

/** A year's days off (computed holidays and the operator's entries) and its working-day count. */
export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarKeys.year(year),
    queryFn: ({ signal }) => api.get<CalendarYear>(`/calendar/${year}`, undefined, signal),
    placeholderData: keepPreviousData,
  });
}

/** An entry moves due dates everywhere: drop every cached year and every regime schedule. */
function useCalendarMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['regimes'] });
      return queryClient.invalidateQueries({ queryKey: calendarKeys.all });
    },
  });
}

export const useSetOverride = () =>
  useCalendarMutation(({ date, ...body }: { date: string; kind: 'off' | 'working'; note: string }) => api.put<CalendarYear>(`/calendar/overrides/${date}`, body));

export const useRemoveOverride = () => useCalendarMutation((date: string) => api.delete<void>(`/calendar/overrides/${date}`));

/** Opens due rounds and sends reminders now instead of at the nightly run (system administrator). */
export function useRunScheduler() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<SchedulerReport>('/scheduler/run', {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      return queryClient.invalidateQueries({ queryKey: ['regimes'] });
    },
  });
}
