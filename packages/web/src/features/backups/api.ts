import type { Backup, BackupList } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

/** The backups (R30), rechecked every 2 seconds while one is running. */
export function useBackups() {
  return useQuery({
    queryKey: ['backups'],
    queryFn: ({ signal }) => api.get<BackupList>('/backups', undefined, signal),
    refetchInterval: (query) => (query.state.data?.items.some((b) => b.status === 'running') ? 2000 : false),
  });
}

/** Starts a backup now; the server answers at once with the run, still `running`. */
export function useStartBackup() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.post<Backup>('/backups', {}), onSuccess: () => qc.invalidateQueries({ queryKey: ['backups'] }) });
}
