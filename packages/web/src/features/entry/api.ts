import type { CellHistoryEntry, FormState, SavedForm, SaveConflict, SaveNarrativeInput, SaveValuesInput, UploadFormInput } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { z } from 'zod';
import { api, apiUrl, ApiError } from '../../shared/api/client';
import { inboxKeys } from '../inbox/api';

export const entryKeys = {
  form: (id: string) => ['assignments', id, 'form'] as const,
  history: (id: string, cell: string) => ['assignments', id, 'history', cell] as const,
};

/** The form of one assignment: template, saved figures, checks, and what the user may do (R17). */
export function useEntryForm(id: string | undefined) {
  return useQuery({
    queryKey: entryKeys.form(id ?? ''),
    queryFn: ({ signal }) => api.get<FormState>(`/assignments/${id}/form`, undefined, signal),
    enabled: !!id,
  });
}

/** Saves changed cells and explanations; the answer is the new version with the merged inputs (others' figures included). */
export const saveValues = (id: string, input: SaveValuesInput) => api.put<SavedForm>(`/assignments/${id}/values`, input);

/** Saves changed sections of a narrative report (HTML, sanitised by the server). */
export const saveNarrative = (id: string, input: SaveNarrativeInput) => api.put<FormState>(`/assignments/${id}/narrative`, input);

/** The cells someone else changed since the save's base version, from a 409 'form.conflict'. */
export function conflictsOf(error: unknown): SaveConflict[] | null {
  if (!(error instanceof ApiError) || error.code !== 'form.conflict') return null;
  const conflicts = (error.problem as { conflicts?: unknown }).conflicts;
  return Array.isArray(conflicts) ? (conflicts as SaveConflict[]) : [];
}

/**
 * Keeps a new state of the form. When its status moved (first save, submit) the assignment and the
 * inbox show it too, so those are refreshed.
 */
export function useAdoptForm() {
  const queryClient = useQueryClient();
  return useCallback(
    (form: FormState) => {
      const before = queryClient.getQueryData<FormState>(entryKeys.form(form.assignmentId));
      queryClient.setQueryData(entryKeys.form(form.assignmentId), form);
      if (before?.status === form.status) return;
      void queryClient.invalidateQueries({ queryKey: inboxKeys.inbox });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.assignment(form.assignmentId), exact: true });
    },
    [queryClient],
  );
}

/** Sends the report (the version the user looked at) to the requesting unit. */
export function useSubmitForm(id: string) {
  const adopt = useAdoptForm();
  return useMutation({ mutationFn: (version: number) => api.post<FormState>(`/assignments/${id}/submit`, { version }), onSuccess: adopt });
}

type UploadInput = z.input<typeof UploadFormInput>;

/** Replaces the figures with an offline-filled workbook or CSV: all or nothing. */
export function useUploadForm(id: string) {
  const adopt = useAdoptForm();
  return useMutation({ mutationFn: (input: UploadInput) => api.post<FormState>(`/assignments/${id}/upload`, input), onSuccess: adopt });
}

/** Who changed a cell, when, from what to what (newest first). */
export function useCellHistory(id: string, cell: string | null) {
  return useQuery({
    queryKey: entryKeys.history(id, cell ?? ''),
    queryFn: ({ signal }) => api.get<CellHistoryEntry[]>(`/assignments/${id}/history`, { cell }, signal),
    enabled: !!cell,
    staleTime: 0,
  });
}

/** The assigned form as a workbook to fill offline. */
export const formFileUrl = (id: string, format: 'xlsx' | 'csv') => apiUrl(`/assignments/${id}/form.${format}`);
