import type { ApiKey, CreateApiKeyInput, CreatedApiKey, ExchangeImportSummary } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export const exchangeKeys = {
  apiKeys: ['exchange', 'api-keys'] as const,
  imports: ['exchange', 'imports'] as const,
};

/** API keys of the units in the administrator's scope. */
export function useApiKeys() {
  return useQuery({ queryKey: exchangeKeys.apiKeys, queryFn: ({ signal }) => api.get<ApiKey[]>('/exchange/api-keys', undefined, signal) });
}

/** Packets received: catalogues taken in and requests from above. */
export function useExchangeImports(enabled = true) {
  return useQuery({ queryKey: exchangeKeys.imports, queryFn: ({ signal }) => api.get<ExchangeImportSummary[]>('/exchange/imports', undefined, signal), enabled });
}

function useKeyMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: exchangeKeys.apiKeys }) });
}

export const useCreateApiKey = () => useKeyMutation((input: CreateApiKeyInput) => api.post<CreatedApiKey>('/exchange/api-keys', input));
export const useRevokeApiKey = () => useKeyMutation((id: string) => api.post<ApiKey>(`/exchange/api-keys/${id}/revoke`, {}));
