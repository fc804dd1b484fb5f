import type { ChangePasswordInput, LoginInput, LoginResult, SessionInfo, TotpLoginInput, TotpRecoveryCodes, TotpSetup, TotpStatus } from '@baocao/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../../shared/api/client';

export const sessionKey = ['session'] as const;

// Set by signing out, cleared by signing in: after a deliberate sign-out the login page must not
// send the next person back to the page the previous one was on (only an expired session does).
let signedOut = false;
export const wasSignedOut = () => signedOut;

/** The signed-in session, or null when there is none (401 is an answer here, not an error). */
export function useSessionQuery() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<SessionInfo | null> => {
      try {
        const session = await api.get<SessionInfo>('/auth/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** Puts a new session in the cache, dropping everything the previous person may have loaded. */
function useSignedIn() {
  const queryClient = useQueryClient();
  return (session: SessionInfo) => {
    signedOut = false;
    setCsrfToken(session.csrfToken);
    // Another user may have used this tab: nothing cached may leak across sessions.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
    queryClient.setQueryData(sessionKey, session);
  };
}

/** The password step: a session, or (TOTP on) a challenge for `useTotpLogin`. */
export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<LoginResult>('/auth/login', input),
    onSuccess: (result) => {
      if (!('secondFactor' in result)) signedIn(result);
    },
  });
}

/** The second step: the code (or a recovery code) with the challenge opens the session. */
export function useTotpLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (input: TotpLoginInput) => api.post<SessionInfo>('/auth/login/totp', input),
    onSuccess: signedIn,
  });
}

const totpKey = ['auth', 'totp'] as const;

/** The signed-in person's second factor. */
export function useTotpStatus() {
  return useQuery({ queryKey: totpKey, queryFn: () => api.get<TotpStatus>('/auth/totp') });
}

export function useStartTotp() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => api.post<TotpSetup>('/auth/totp/setup', {}), onSuccess: () => queryClient.invalidateQueries({ queryKey: totpKey }) });
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (code: string) => api.post<TotpRecoveryCodes>('/auth/totp/confirm', { code }), onSuccess: () => queryClient.invalidateQueries({ queryKey: totpKey }) });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (code: string) => api.post<void>('/auth/totp/disable', { code }), onSuccess: () => queryClient.invalidateQueries({ queryKey: totpKey }) });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout', {}),
    onSettled: () => {
      signedOut = true;
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, null);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => api.post<void>('/auth/password', input),
    // The server clears mustChangePassword and may rotate the CSRF token: read the session again.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
}

/** Ends the signed-in person's sessions on other devices; this one stays. */
export function useLogoutOthers() {
  return useMutation({ mutationFn: () => api.post<{ ended: number }>('/auth/logout-others', {}) });
}
