import type {
  CreateRegimeInput,
  Regime,
  RegimeKind,
  RegimePreview,
  RegimeSchedule,
  RegimeStatus,
  RegimeSummary,
  RoundProgress,
  TemplateSummary,
  UnitGroup,
  UnitGroupInput,
  UnitTreeNode,
  UpdateRegimeInput,
  UpdateUnitGroupInput,
} from '@baocao/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export type RegimeListQuery = { status?: RegimeStatus; kind?: RegimeKind; q?: string };

export const regimeKeys = {
  all: ['regimes'] as const,
  list: (query: RegimeListQuery) => ['regimes', 'list', query] as const,
  one: (id: string) => ['regimes', 'one', id] as const,
  schedule: (id: string) => ['regimes', 'schedule', id] as const,
  round: (id: string, roundKey: string) => ['regimes', 'round', id, roundKey] as const,
  preview: (input: CreateRegimeInput | null) => ['regimes', 'preview', input] as const,
};
const groupKeys = { all: ['unit-groups'] as const };

/** Regimes of units in the user's subtree, filtered. */
export function useRegimes(query: RegimeListQuery) {
  return useQuery({
    queryKey: regimeKeys.list(query),
    queryFn: ({ signal }) => api.get<RegimeSummary[]>('/regimes', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRegime(id: string | undefined) {
  return useQuery({
    queryKey: regimeKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Regime>(`/regimes/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Opened rounds with their answers, then the next ones; refreshed with the round being watched. */
export function useRegimeSchedule(id: string) {
  return useQuery({
    queryKey: regimeKeys.schedule(id),
    queryFn: ({ signal }) => api.get<RegimeSchedule>(`/regimes/${id}/schedule`, undefined, signal),
    refetchInterval: 15_000,
  });
}

/** Who has answered a round and who is missing: polled every 15 s so the page follows the answers. */
export function useRoundProgress(id: string, roundKey: string | undefined) {
  return useQuery({
    queryKey: regimeKeys.round(id, roundKey ?? ''),
    queryFn: ({ signal }) => api.get<RoundProgress>(`/regimes/${id}/rounds/${encodeURIComponent(roundKey ?? '')}`, undefined, signal),
    enabled: !!roundKey,
    refetchInterval: 15_000,
  });
}

/**
 * The server's view of a regime being designed: its next rounds and the units it reaches, or why it
 * is refused. `null` while the form lacks what a preview needs.
 */
export function useRegimePreview(input: CreateRegimeInput | null) {
  return useQuery({
    queryKey: regimeKeys.preview(input),
    queryFn: () => api.post<RegimePreview>('/regimes/preview', input),
    enabled: input !== null,
    retry: false,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Official templates the user may read (own unit's and the city library's), for the regime's template list. */
export function useOfficialTemplates() {
  return useQuery({
    queryKey: ['templates', 'list', { status: 'official' }],
    queryFn: ({ signal }) => api.get<TemplateSummary[]>('/templates', { status: 'official' }, signal),
  });
}

/** A regime change shows in the lists, its page, its schedule and the user's inbox. */
function useRegimeMutation<TInput>(fn: (input: TInput) => Promise<Regime>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (saved) => {
      queryClient.setQueryData(regimeKeys.one(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      return queryClient.invalidateQueries({ queryKey: regimeKeys.all });
    },
  });
}

export const useCreateRegime = () => useRegimeMutation((input: CreateRegimeInput) => api.post<Regime>('/regimes', input));

export const useUpdateRegime = () =>
  useRegimeMutation(({ id, ...input }: UpdateRegimeInput & { id: string }) => api.put<Regime>(`/regimes/${id}`, input));

export const useEndRegime = () =>
  useRegimeMutation(({ id, ...input }: { id: string; revision: number; reason: string }) => api.post<Regime>(`/regimes/${id}/end`, input));

/** The units a requesting unit (or a group's owner) may ask for reports: for a department, the whole city but itself. */
export function useTargetUnits(requestingUnitId: string | undefined) {
  return useQuery({
    queryKey: ['regimes', 'target-units', requestingUnitId] as const,
    queryFn: ({ signal }) => api.get<UnitTreeNode[]>('/regimes/target-units', { requestingUnitId }, signal),
    enabled: !!requestingUnitId,
    staleTime: 60_000,
  });
}

export function useUnitGroups() {
  return useQuery({
    queryKey: groupKeys.all,
    queryFn: ({ signal }) => api.get<UnitGroup[]>('/unit-groups', undefined, signal),
  });
}

function useGroupMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKeys.all }) });
}

export const useCreateUnitGroup = () => useGroupMutation((input: UnitGroupInput) => api.post<UnitGroup>('/unit-groups', input));

export const useUpdateUnitGroup = () =>
  useGroupMutation(({ id, ...input }: UpdateUnitGroupInput & { id: string }) => api.put<UnitGroup>(`/unit-groups/${id}`, input));

export const useDeleteUnitGroup = () => useGroupMutation((id: string) => api.delete<void>(`/unit-groups/${id}`));
