import { createBrowserRouter, Navigate } from 'react-router';
import { AuditPage } from '../features/audit/audit-page';
import { AggregatePage } from '../features/review/aggregate-page';
import { RoundAggregatePage } from '../features/review/round-aggregate-page';
import { SigningPage } from '../features/signing/signing-page';
import { VersionsPage } from '../features/review/versions-page';
import { CalendarPage } from '../features/calendar/calendar-page';
import { CatalogPage } from '../features/catalog/catalog-page';
import { AssignmentPage } from '../features/inbox/assignment-page';
import { InboxPage } from '../features/inbox/inbox-page';
import { HomeRedirect } from '../features/dashboards/home-redirect';
import { OversightPage } from '../features/oversight/oversight-page';
import { OperationsPage } from '../features/operations/operations-page';
import { BackupsPage } from '../features/backups/backups-page';
import { ExchangePage } from '../features/exchange/exchange-page';
import { RegimeFormPage } from '../features/regimes/regime-form-page';
import { RegimePage } from '../features/regimes/regime-page';
import { RegimesPage } from '../features/regimes/regimes-page';
import { SetPage } from '../features/catalog/set-page';
import { LoginPage } from '../features/auth/login-page';
import { TemplateDesignerPage } from '../features/templates/template-designer-page';
import { TemplatesPage } from '../features/templates/templates-page';
import { UnitsPage } from '../features/units/units-page';
import { UsersPage } from '../features/users/users-page';
import { ErrorResult } from '../shared/ui/error-result';
import { AppLayout } from './layout';
import { RequirePermission, RequireSession } from './session';

/** Paths are Vietnamese, as users read and share them. */
export const router = createBrowserRouter([
  { path: '/dang-nhap', element: <LoginPage /> },
  { path: '/login', element: <Navigate to="/dang-nhap" replace /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      // Loaded on demand, like exploration: its cards draw charts.
      { path: 'tong-quan', lazy: () => import('../features/dashboards/dashboard-page').then((m) => ({ Component: m.DashboardPage })) },
      { path: 'viec-cua-toi', element: <InboxPage /> },
      { path: 'viec-cua-toi/:assignmentId', element: <AssignmentPage /> },
      // Loaded on demand: the spreadsheet grid is the largest part of the app, and only data entry needs it.
      { path: 'viec-cua-toi/:assignmentId/nhap-lieu', lazy: () => import('../features/entry/entry-page').then((m) => ({ Component: m.EntryPage })) },
      { path: 'viec-cua-toi/:assignmentId/tong-hop', element: <AggregatePage /> },
      { path: 'viec-cua-toi/:assignmentId/phien-ban', element: <VersionsPage /> },
      { path: 'viec-cua-toi/:assignmentId/ky-so', element: <SigningPage /> },
      { path: 'che-do-bao-cao', element: <RegimesPage /> },
      { path: 'che-do-bao-cao/moi', element: <RegimeFormPage /> },
      { path: 'che-do-bao-cao/:regimeId', element: <RegimePage /> },
      { path: 'che-do-bao-cao/:regimeId/ky/:roundKey/tong-hop', element: <RoundAggregatePage /> },
      // Loaded on demand: the charts library is only needed here.
      { path: 'khai-thac', lazy: () => import('../features/analytics/analytics-page').then((m) => ({ Component: m.AnalyticsPage })) },
      {
        path: 'theo-doi',
        element: (
          <RequirePermission action="oversight.read">
            <OversightPage />
          </RequirePermission>
        ),
      },
      { path: 'lich-lam-viec', element: <CalendarPage /> },
      { path: 'don-vi', element: <UnitsPage /> },
      { path: 'chi-tieu', element: <CatalogPage /> },
      { path: 'chi-tieu/:setId', element: <SetPage /> },
      { path: 'bieu-mau', element: <TemplatesPage /> },
      { path: 'bieu-mau/moi', element: <TemplateDesignerPage /> },
      { path: 'bieu-mau/:id', element: <TemplateDesignerPage /> },
      {
        path: 'nguoi-dung',
        element: (
          <RequirePermission action="user.read">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'van-hanh',
        element: (
          <RequirePermission action="operations.manage">
            <OperationsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'sao-luu',
        element: (
          <RequirePermission action="backup.manage">
            <BackupsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'ket-noi',
        element: (
          <RequirePermission action="api_key.manage">
            <ExchangePage />
          </RequirePermission>
        ),
      },
      {
        path: 'nhat-ky',
        element: (
          <RequirePermission action="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      { path: '*', element: <ErrorResult notFound /> },
    ],
  },
]);
