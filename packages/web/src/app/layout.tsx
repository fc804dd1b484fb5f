import { ApartmentOutlined, ApiOutlined, AuditOutlined, CalendarOutlined, DashboardOutlined, DatabaseOutlined, FundOutlined, InboxOutlined, ScheduleOutlined, FormOutlined, DownOutlined, KeyOutlined, LineChartOutlined, LogoutOutlined, MenuOutlined, TeamOutlined, ToolOutlined, CloudServerOutlined, CustomerServiceOutlined, UserOutlined } from '@ant-design/icons';
import { roleCan } from '@baocao/core';
import { App, Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Tag, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useLogoutOthers } from '../features/auth/api';
import { ChangePasswordModal } from '../features/auth/change-password-modal';
import { NotificationsBell } from '../features/templates/notifications-bell';
import { useAbout } from '../shared/api/about';
import { BrandMark } from '../shared/ui/brand';
import { LanguageSwitch } from '../shared/ui/language-switch';
import { useSession } from './session';
import { IncidentModal } from '../features/operations/incident-modal';
import { MaintenanceBanner } from '../features/operations/maintenance-banner';

const { Header, Sider, Content } = Layout;

/** Header (system, user, language, account menu), the left menu of what this role may use, the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, mode } = useSession();
  const about = useAbout();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const logoutOthers = useLogoutOthers();
  const { message } = App.useApp();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [incidentOpen, setIncidentOpen] = useState(false);
  // On a phone (leaders sign between meetings) the header keeps the mark, the bell, the language and the avatar.
  const narrow = Grid.useBreakpoint().md === false;
  // There the menu is a drawer behind a button, leaving the whole width to the page.
  const [navOpen, setNavOpen] = useState(false);

  const menuItems: MenuProps['items'] = [
    { key: '/tong-quan', icon: <DashboardOutlined />, label: t('dashboards.menu') },
    { key: '/viec-cua-toi', icon: <InboxOutlined />, label: t('menu.inbox') },
    { key: '/che-do-bao-cao', icon: <ScheduleOutlined />, label: t('menu.regimes') },
    { key: '/chi-tieu', icon: <DatabaseOutlined />, label: t('menu.catalog') },
    { key: '/bieu-mau', icon: <FormOutlined />, label: t('menu.templates') },
    { key: '/khai-thac', icon: <LineChartOutlined />, label: t('menu.analytics') },
    ...(roleCan(user.role, 'oversight.read') ? [{ key: '/theo-doi', icon: <FundOutlined />, label: t('oversight.menu') }] : []),
    { key: '/don-vi', icon: <ApartmentOutlined />, label: t('menu.units') },
    { key: '/lich-lam-viec', icon: <CalendarOutlined />, label: t('menu.calendar') },
    ...(roleCan(user.role, 'user.read') ? [{ key: '/nguoi-dung', icon: <TeamOutlined />, label: t('menu.users') }] : []),
    ...(roleCan(user.role, 'audit.read') ? [{ key: '/nhat-ky', icon: <AuditOutlined />, label: t('menu.audit') }] : []),
    ...(roleCan(user.role, 'api_key.manage') ? [{ key: '/ket-noi', icon: <ApiOutlined />, label: t('exchange.menu') }] : []),
    ...(roleCan(user.role, 'operations.manage') ? [{ key: '/van-hanh', icon: <ToolOutlined />, label: t('operations.menu') }] : []),
    ...(roleCan(user.role, 'backup.manage') ? [{ key: '/sao-luu', icon: <CloudServerOutlined />, label: t('backups.menu') }] : []),
  ];
  const selected = menuItems.flatMap((item) => (item && location.pathname.startsWith(String(item.key)) ? [String(item.key)] : []));

  const accountMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: t('menu.changePassword') },
      { key: 'incident', icon: <CustomerServiceOutlined />, label: t('operations.incident.menu') },
      { key: 'logout-others', icon: <LogoutOutlined />, label: t('menu.logoutOthers') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('menu.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'incident') setIncidentOpen(true);
      // <RequireSession> sees the session gone and shows the login page.
      if (key === 'logout') logout.mutate();
      if (key === 'logout-others') logoutOthers.mutate(undefined, { onSuccess: ({ ended }) => void message.success(t('menu.loggedOutOthers', { count: ended })) });
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <MaintenanceBanner />
      <Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 10 : 16, padding: narrow ? '0 12px' : '0 20px', background: '#0b3d6e', lineHeight: 'normal' }}>
        <Flex align="center" gap={12} style={{ flex: 1, minWidth: 0 }}>
          {narrow && <Button type="text" aria-label={t('menu.open')} icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => setNavOpen(true)} />}
          <BrandMark size={36} />
          {!narrow && (
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text strong ellipsis style={{ color: '#fff', fontSize: 16 }}>
                {t('app.name')}
              </Typography.Text>
              <Typography.Text style={{ color: '#c9d8ea', fontSize: 12 }}>{about.data?.organisation}</Typography.Text>
            </Flex>
          )}
          {mode === 'demo' && !narrow && <Tag color="gold">{t('app.demoMode')}</Tag>}
        </Flex>
        <NotificationsBell />
        <LanguageSwitch />
        <Dropdown menu={accountMenu} trigger={['click']} placement="bottomRight">
          <button type="button" aria-label={user.fullName} style={{ all: 'unset', cursor: 'pointer' }}>
            <Flex align="center" gap={10}>
              <Avatar icon={<UserOutlined />} style={{ background: '#1f6fb2' }} />
              {!narrow && (
                <Flex vertical style={{ maxWidth: 280 }}>
                  <Typography.Text strong ellipsis style={{ color: '#fff' }}>
                    {user.fullName}
                  </Typography.Text>
                  <Typography.Text ellipsis style={{ color: '#c9d8ea', fontSize: 12 }}>
                    {t(`role.${user.role}`)} · {user.unitName}
                  </Typography.Text>
                </Flex>
              )}
              <DownOutlined style={{ color: '#c9d8ea', fontSize: 10 }} />
            </Flex>
          </button>
        </Dropdown>
      </Header>
      <Layout>
        {narrow ? (
          <Drawer placement="left" open={navOpen} onClose={() => setNavOpen(false)} size={260} title={t('app.name')} styles={{ body: { padding: 0 } }}>
            <Menu
              mode="inline"
              selectedKeys={selected}
              items={menuItems}
              onClick={({ key }) => {
                setNavOpen(false);
                void navigate(key);
              }}
              style={{ borderInlineEnd: 'none' }}
            />
          </Drawer>
        ) : (
          <Sider width={220} theme="light" breakpoint="lg" collapsedWidth={64} style={{ borderRight: '1px solid #f0f0f0' }}>
            <Menu mode="inline" selectedKeys={selected} items={menuItems} onClick={({ key }) => void navigate(key)} style={{ borderInlineEnd: 'none', paddingTop: 8 }} />
          </Sider>
        )}
        <Content style={{ padding: narrow ? 8 : 20, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
      <IncidentModal open={incidentOpen} onClose={() => setIncidentOpen(false)} />
    </Layout>
  );
}
