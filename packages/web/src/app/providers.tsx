import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionKey } from '../features/auth/api';
import { ApiError, setSessionProblemHandler } from '../shared/api/client';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change on its own; only network and server faults are worth a retry.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});

const theme = {
  token: { colorPrimary: '#1f6fb2', borderRadius: 6, fontFamily: "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif" },
};

/** Query cache, antd in the current language, and the way back to login when the session ends. */
export function AppProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  useEffect(() => {
    setSessionProblemHandler((code) => {
      if (code === 'auth.unauthenticated') queryClient.setQueryData(sessionKey, null);
      else void queryClient.invalidateQueries({ queryKey: sessionKey });
    });
    return () => setSessionProblemHandler(null);
  }, []);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={i18n.language === 'en' ? enUS : viVN} theme={theme}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
