import type {
  CreateIndicatorInput,
  CreateIndicatorSetInput,
  FieldGroup,
  FileFormat,
  Indicator,
  IndicatorImportInput,
  IndicatorImportResult,
  IndicatorQuery,
  IndicatorSet,
  IndicatorSetDetail,
  IndicatorSetQuery,
  UnitOfMeasure,
  UpdateIndicatorInput,
} from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api/client';

const P = '/catalog';

export const catalogKeys = {
  all: ['catalog'] as const,
  sets: (query: IndicatorSetQuery) => ['catalog', 'sets', query] as const,
  set: (id: string) => ['catalog', 'set', id] as const,
  indicators: (query: IndicatorQuery) => ['catalog', 'indicators', query] as const,
  fieldGroups: ['catalog', 'field-groups'] as const,
  unitsOfMeasure: ['catalog', 'units-of-measure'] as const,
};

/** Indicator sets, searched without diacritics; retired ones only with `status: 'retired'`. */
export function useIndicatorSets(query: IndicatorSetQuery) {
  return useQuery({
    queryKey: catalogKeys.sets(query),
    queryFn: ({ signal }) => api.get<IndicatorSet[]>(`${P}/sets`, query, signal),
    placeholderData: (previous) => previous,
  });
}

/** One version of a set with the list of all its versions. */
export function useIndicatorSet(id: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.set(id ?? ''),
    queryFn: ({ signal }) => api.get<IndicatorSetDetail>(`${P}/sets/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Indicators across sets (or of one set), at most 500. */
export function useIndicators(query: IndicatorQuery, enabled = true) {
  return useQuery({
    queryKey: catalogKeys.indicators(query),
    queryFn: ({ signal }) => api.get<Indicator[]>(`${P}/indicators`, query, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function useFieldGroups() {
  return useQuery({ queryKey: catalogKeys.fieldGroups, queryFn: ({ signal }) => api.get<FieldGroup[]>(`${P}/field-groups`, undefined, signal) });
}

export function useUnitsOfMeasure() {
  return useQuery({ queryKey: catalogKeys.unitsOfMeasure, queryFn: ({ signal }) => api.get<UnitOfMeasure[]>(`${P}/units-of-measure`, undefined, signal) });
}

/** A change to a set or an indicator can touch lists, versions and the references an import adds: refresh the whole library. */
function useCatalogMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.all }) });
}

export const useCreateIndicatorSet = () =>
  useCatalogMutation((input: CreateIndicatorSetInput) => api.post<IndicatorSetDetail>(`${P}/sets`, input));

export type SetTransition = 'publish' | 'retire' | 'new-version';

export const useTransitionIndicatorSet = () =>
  useCatalogMutation(({ id, action }: { id: string; action: SetTransition }) => api.post<IndicatorSetDetail>(`${P}/sets/${id}/${action}`, {}));

export const useImportIndicators = () =>
  useCatalogMutation(({ id, ...input }: IndicatorImportInput & { id: string }) => api.post<IndicatorImportResult>(`${P}/sets/${id}/import`, input));

export const useCreateIndicator = () => useCatalogMutation((input: CreateIndicatorInput) => api.post<Indicator>(`${P}/indicators`, input));

export const useUpdateIndicator = () =>
  useCatalogMutation(({ id, ...input }: UpdateIndicatorInput & { id: string }) => api.patch<Indicator>(`${P}/indicators/${id}`, input));

/** A plain link: the browser downloads the file with the session cookie. */
export function indicatorSetExportUrl(id: string, format: FileFormat): string {
  return apiUrl(`${P}/sets/${id}/export`, { format });
}
