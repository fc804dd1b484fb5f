import type {
  CreateUnitInput,
  FileFormat,
  Unit,
  UnitHistoryEntry,
  UnitImportInput,
  UnitImportResult,
  UnitTreeNode,
  UpdateUnitInput,
} from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api/client';

export const unitKeys = {
  all: ['units'] as const,
  tree: (includeInactive: boolean) => ['units', 'tree', { includeInactive }] as const,
  one: (id: string) => ['units', 'one', id] as const,
  history: (id: string) => ['units', 'history', id] as const,
};

/** The roots of the user's scope with their subtrees. */
export function useUnitTree(includeInactive = false) {
  return useQuery({
    queryKey: unitKeys.tree(includeInactive),
    queryFn: ({ signal }) => api.get<UnitTreeNode[]>('/units/tree', { includeInactive: includeInactive ? 'true' : undefined }, signal),
  });
}

export function useUnit(id: string | undefined) {
  return useQuery({
    queryKey: unitKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Unit>(`/units/${id}`, undefined, signal),
    enabled: !!id,
  });
}

export function useUnitHistory(id: string | undefined) {
  return useQuery({
    queryKey: unitKeys.history(id ?? ''),
    queryFn: ({ signal }) => api.get<UnitHistoryEntry[]>(`/units/${id}/history`, undefined, signal),
    enabled: !!id,
  });
}

/** Every unit change touches the tree, the details and the history: refresh them all. */
function useUnitMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: unitKeys.all }) });
}

export const useCreateUnit = () => useUnitMutation((input: CreateUnitInput) => api.post<Unit>('/units', input));

export const useUpdateUnit = () =>
  useUnitMutation(({ id, ...input }: UpdateUnitInput & { id: string }) => api.patch<Unit>(`/units/${id}`, input));

export const useMoveUnit = () =>
  useUnitMutation(({ id, parentId }: { id: string; parentId: string }) => api.post<Unit>(`/units/${id}/move`, { parentId }));

export const useSetUnitActive = () =>
  useUnitMutation(({ id, active }: { id: string; active: boolean }) => api.post<Unit>(`/units/${id}/${active ? 'activate' : 'deactivate'}`, {}));

export const useImportUnits = () => useUnitMutation((input: UnitImportInput) => api.post<UnitImportResult>('/units/import', input));

/** A plain link: the browser downloads the file with the session cookie, no blob juggling. */
export function unitExportUrl(format: FileFormat, rootId?: string): string {
  return apiUrl('/units/export', { format, rootId });
}
