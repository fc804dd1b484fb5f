import type { CorrectionDecisionInput, CorrectionRequest, ExternalSignatureInput, ExternalSigningPayload, WorkflowView } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api/client';
import { inboxKeys } from '../inbox/api';

/** Under `['assignments', id]`, so that a review or a delegation refreshes the workflow too. */
export const signingKeys = {
  workflow: (id: string) => ['assignments', id, 'workflow'] as const,
};

/** Where the report stands, what this person may do with it, its signatures (checked now) and corrections. */
export function useWorkflow(id: string | undefined) {
  return useQuery({
    queryKey: signingKeys.workflow(id ?? ''),
    queryFn: ({ signal }) => api.get<WorkflowView>(`/assignments/${id}/workflow`, undefined, signal),
    enabled: !!id,
  });
}

export type SignedFile = 'pdf' | 'docx' | 'p7s' | 'json';

/** The signed document (or its signature, or the signed data) of one signature; the session cookie authorises the download. */
export const signedFileUrl = (assignmentId: string, signatureId: string, kind: SignedFile) =>
  apiUrl(`/assignments/${assignmentId}/signatures/${signatureId}/report.${kind}`);

/** The unsigned document of the latest submitted version. */
export const previewUrl = (assignmentId: string, kind: 'pdf' | 'docx') => apiUrl(`/assignments/${assignmentId}/preview.${kind}`);

/**
 * Keeps the new workflow view, refreshes the assignment, the inbox and the rounds' progress. `onDone`
 * runs before the view changes: the new view often unmounts the component that asked (signing ends
 * the signing panel), which would then never hear of its own success.
 */
function useWorkflowMutation<TInput>(id: string, fn: (input: TInput) => Promise<WorkflowView>, onDone?: (view: WorkflowView) => void) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: inboxKeys.assignment(id) }),
      queryClient.invalidateQueries({ queryKey: inboxKeys.inbox }),
      queryClient.invalidateQueries({ queryKey: ['regimes'] }),
    ]);
  return useMutation({
    mutationFn: fn,
    onSuccess: (view) => {
      onDone?.(view);
      queryClient.setQueryData(signingKeys.workflow(id), view);
    },
    onSettled: refresh,
  });
}

/** The leader signs the version they read with the unit's certificate on the server; the report is sent at once. */
export const useSign = (id: string, onDone: (view: WorkflowView) => void) =>
  useWorkflowMutation(id, (versionNumber: number) => api.post<WorkflowView>(`/assignments/${id}/sign`, { versionNumber }), onDone);

/** The leader returns the report to the specialist with a reason. */
export const useLeaderReturn = (id: string, onDone: () => void) =>
  useWorkflowMutation(id, (reason: string) => api.post<WorkflowView>(`/assignments/${id}/leader-return`, { reason }), onDone);

/** Token signing, step 1: numbers the document and answers with the two byte strings to sign. */
export function usePrepareExternal(id: string) {
  return useMutation({
    mutationFn: (versionNumber: number) => api.post<ExternalSigningPayload>(`/assignments/${id}/sign/external`, { versionNumber }),
  });
}

/** Token signing, step 2: the two detached CMS signatures; checked, then the report is sent. */
export const useUploadExternal = (id: string, onDone: (view: WorkflowView) => void) =>
  useWorkflowMutation(id, (input: ExternalSignatureInput) => api.put<WorkflowView>(`/assignments/${id}/sign/external`, input), onDone);

/** Corrections change the workflow view: refetch it with the rest. */
function useCorrectionMutation<TInput>(id: string, fn: (input: TInput) => Promise<CorrectionRequest[]>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: inboxKeys.assignment(id) }),
        queryClient.invalidateQueries({ queryKey: inboxKeys.inbox }),
        queryClient.invalidateQueries({ queryKey: ['regimes'] }),
      ]),
  });
}

/** The reporting unit asks to correct an accepted report. */
export const useRequestCorrection = (id: string) =>
  useCorrectionMutation(id, (reason: string) => api.post<CorrectionRequest[]>(`/assignments/${id}/corrections`, { reason }));

/** The receiving unit approves (the report goes back to draft) or refuses, with a reason, a correction request. */
export const useDecideCorrection = (id: string) =>
  useCorrectionMutation(id, (input: CorrectionDecisionInput) => api.post<CorrectionRequest[]>(`/assignments/${id}/corrections/decision`, input));
