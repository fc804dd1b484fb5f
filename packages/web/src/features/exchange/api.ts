import type {
  ApiKey, CreateApiKeyInput, CreatedApiKey, CreatePeerInput, ExchangeImportSummary, ExchangePeer, IssueRequestInput, IssueRequestResult, ReceivedAnswer, SetupRequestInput, SetupRequestResult,
} from '@baocao/core';
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

// ---- federation (docs/federation.md): lower systems, requests down, answers up ----
export const federationKeys = {
  peers: ['exchange', 'peers'] as const,
  answers: ['exchange', 'answers'] as const,
};

/** The lower systems (provinces, ministries) this system sends requests to. */
export function usePeers(enabled = true) {
  return useQuery({ queryKey: federationKeys.peers, queryFn: ({ signal }) => api.get<ExchangePeer[]>('/exchange/peers', undefined, signal), enabled });
}

/** Report figures received from lower systems, each with its packet. */
export function useAnswers(enabled = true) {
  return useQuery({ queryKey: federationKeys.answers, queryFn: ({ signal }) => api.get<ReceivedAnswer[]>('/exchange/answers', undefined, signal), enabled });
}

function useFederationMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>, key: readonly string[]) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export const useCreatePeer = () => useFederationMutation((input: CreatePeerInput) => api.post<ExchangePeer>('/exchange/peers', input), federationKeys.peers);
export const useRevokePeer = () => useFederationMutation((id: string) => api.post<ExchangePeer>(`/exchange/peers/${id}/revoke`, {}), federationKeys.peers);
export const useIssueRequest = () => useFederationMutation((input: IssueRequestInput) => api.post<IssueRequestResult>('/exchange/requests', input), federationKeys.peers);
/** "Tạo chế độ báo cáo từ yêu cầu": the kept request becomes this system's template and regime. */
export const useSetUpRequest = () =>
  useFederationMutation(({ importId, ...input }: SetupRequestInput & { importId: string }) => api.post<SetupRequestResult>(`/exchange/imports/${importId}/setup`, input), exchangeKeys.imports);
