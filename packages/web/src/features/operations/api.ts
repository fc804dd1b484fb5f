import type { Incident, IncidentInput, IncidentStatus, IncidentUpdate, MaintenanceInput, MaintenanceNotice, MaintenanceWindow, Outage, OutageInput } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

/** The maintenance notices to show now (R31); public, so the login page shows them too. Rechecked every 5 minutes. */
export function useMaintenanceNotices() {
  return useQuery({ queryKey: ['maintenance', 'current'], queryFn: ({ signal }) => api.get<MaintenanceNotice[]>('/maintenance/current', undefined, signal), refetchInterval: 5 * 60_000, retry: false });
}

export function useMaintenanceWindows() {
  return useQuery({ queryKey: ['maintenance', 'all'], queryFn: ({ signal }) => api.get<MaintenanceWindow[]>('/maintenance', undefined, signal) });
}

export function useScheduleMaintenance() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: MaintenanceInput) => api.post<MaintenanceWindow>('/maintenance', body), onSuccess: () => qc.invalidateQueries({ queryKey: ['maintenance'] }) });
}

export function useCancelMaintenance() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.post<MaintenanceWindow>(`/maintenance/${id}/cancel`, {}), onSuccess: () => qc.invalidateQueries({ queryKey: ['maintenance'] }) });
}

export function useReportIncident() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: IncidentInput) => api.post<{ id: string; number: number }>('/incidents', body), onSuccess: () => qc.invalidateQueries({ queryKey: ['incidents'] }) });
}

export function useIncidents(status?: IncidentStatus) {
  return useQuery({ queryKey: ['incidents', status ?? null], queryFn: ({ signal }) => api.get<Incident[]>('/incidents', { status }, signal) });
}

export function useUpdateIncident() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: ({ id, ...body }: IncidentUpdate & { id: string }) => api.post<Incident>(`/incidents/${id}/notes`, body), onSuccess: () => qc.invalidateQueries({ queryKey: ['incidents'] }) });
}

export function useOutages() {
  return useQuery({ queryKey: ['outages'], queryFn: ({ signal }) => api.get<Outage[]>('/outages', undefined, signal) });
}

export function useDeclareOutage() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: OutageInput) => api.post<Outage>('/outages', body), onSuccess: () => qc.invalidateQueries({ queryKey: ['outages'] }) });
}

export function useCancelOutage() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.post<Outage>(`/outages/${id}/cancel`, {}), onSuccess: () => qc.invalidateQueries({ queryKey: ['outages'] }) });
}
