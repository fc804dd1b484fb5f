import type { Attachment, UploadAttachmentInput } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api/client';

const key = (assignmentId: string) => ['attachments', assignmentId] as const;
const base = (assignmentId: string) => `/assignments/${assignmentId}/attachments`;

/** The files attached to a report (R35), oldest first as the server lists them. */
export function useAttachments(assignmentId: string) {
  return useQuery({ queryKey: key(assignmentId), queryFn: ({ signal }) => api.get<Attachment[]>(base(assignmentId), undefined, signal) });
}

/** Sends one file as base64 JSON; the server scans it and refuses secrets, malware, wrong types and oversize files. */
export function useUploadAttachment(assignmentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UploadAttachmentInput) => api.post<Attachment>(base(assignmentId), body),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(assignmentId) }),
  });
}

export function useRemoveAttachment(assignmentId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: string) => api.delete<void>(`${base(assignmentId)}/${attachmentId}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(assignmentId) }),
  });
}

/** A plain link downloads the file with the session cookie; the server names it (Content-Disposition). */
export const attachmentUrl = (assignmentId: string, attachmentId: string) => apiUrl(`${base(assignmentId)}/${attachmentId}/content`);
