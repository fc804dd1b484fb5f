import type { ChangePasswordInput, LoginInput, SessionInfo } from '@baocao/core';
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

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<SessionInfo>('/auth/login', input),
    onSuccess: (session) => {
      signedOut = false;
      setCsrfToken(session.csrfToken);
      // Another user may have used this tab: nothing cached may leak across sessions.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, session);
    },
  });
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
