import type {
  CopyTemplateInput,
  CreateTemplateInput,
  ImportTemplateInput,
  Notification,
  Template,
  TemplateQuery,
  TemplateStatus,
  TemplateSummary,
  UpdateTemplateInput,
} from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api/client';

export const templateKeys = {
  all: ['templates'] as const,
  list: (query: TemplateQuery) => ['templates', 'list', query] as const,
  one: (id: string) => ['templates', 'one', id] as const,
};

/** Templates of the user's unit (`scope=mine`) or of the city library, filtered. */
export function useTemplates(query: TemplateQuery) {
  return useQuery({
    queryKey: templateKeys.list(query),
    queryFn: ({ signal }) => api.get<TemplateSummary[]>('/templates', query, signal),
    placeholderData: (previous) => previous,
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: templateKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Template>(`/templates/${id}`, undefined, signal),
    enabled: !!id,
  });
}

/** Every template change can move it between lists: refresh lists and details together. */
function useTemplateMutation<TInput>(fn: (input: TInput) => Promise<Template>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (saved) => {
      queryClient.setQueryData(templateKeys.one(saved.id), saved);
      // Publishing notifies units: the bell should show it without waiting for its poll.
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      return queryClient.invalidateQueries({ queryKey: templateKeys.all });
    },
  });
}

export const useCreateTemplate = () => useTemplateMutation((input: CreateTemplateInput) => api.post<Template>('/templates', input));

export const useUpdateTemplate = () =>
  useTemplateMutation(({ id, ...input }: UpdateTemplateInput & { id: string }) => api.put<Template>(`/templates/${id}`, input));

export const useTransitionTemplate = () =>
  useTemplateMutation(({ id, to, revision }: { id: string; to: TemplateStatus; revision: number }) =>
    api.post<Template>(`/templates/${id}/transition`, { to, revision }),
  );

export const useNewTemplateVersion = () => useTemplateMutation((id: string) => api.post<Template>(`/templates/${id}/versions`, {}));

export const useCopyTemplate = () =>
  useTemplateMutation(({ id, ...input }: CopyTemplateInput & { id: string }) => api.post<Template>(`/templates/${id}/copy`, input));

export const useShareTemplate = () =>
  useTemplateMutation(({ id, shared }: { id: string; shared: boolean }) => api.post<Template>(`/templates/${id}/share`, { shared }));

export const useImportTemplate = () => useTemplateMutation((input: ImportTemplateInput) => api.post<Template>('/templates/import', input));

/** A plain link: the browser downloads the file with the session cookie. */
export function templateExportUrl(id: string, format: 'json' | 'xlsx'): string {
  return apiUrl(`/templates/${id}/export`, { format });
}

/** Notices sent to the user's unit, e.g. a template made official; polled every minute. */
export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: ({ signal }) => api.get<Notification[]>('/notifications', undefined, signal),
    refetchInterval: 60_000,
  });
}
