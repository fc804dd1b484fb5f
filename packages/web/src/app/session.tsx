import { roleCan, type Action, type SessionInfo } from '@baocao/core';
import { Flex, Spin } from 'antd';
import { createContext, useContext, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSessionQuery, wasSignedOut } from '../features/auth/api';
import { ForcedPasswordChange } from '../features/auth/forced-password-change';
import { ErrorResult } from '../shared/ui/error-result';

const SessionContext = createContext<SessionInfo | null>(null);

/** The signed-in session; only under <RequireSession>. */
export function useSession(): SessionInfo {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <RequireSession>');
  return session;
}

/** Whether the signed-in user's role grants an action (scope is the server's business). */
export function useCan(action: Action): boolean {
  return roleCan(useSession().user.role, action);
}

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Renders its children only for a signed-in user who has set their own password. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const session = useSessionQuery();
  if (session.isPending) return <FullPageSpin />;
  if (session.isError) return <ErrorResult error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to="/dang-nhap" replace state={wasSignedOut() ? null : { from: location.pathname + location.search }} />;
  return (
    <SessionContext.Provider value={session.data}>
      {session.data.user.mustChangePassword ? <ForcedPasswordChange /> : children}
    </SessionContext.Provider>
  );
}

/** A page that needs a permission: a clear refusal instead of an empty screen. */
export function RequirePermission({ action, children }: { action: Action; children: ReactNode }) {
  const allowed = useCan(action);
  return allowed ? children : <ErrorResult forbidden />;
}
