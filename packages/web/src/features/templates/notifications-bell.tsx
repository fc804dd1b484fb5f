import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { useNotifications } from './api';

/** The header bell: notices to the user's unit (e.g. a template made official), each opening its link. */
export function NotificationsBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notices = useNotifications();
  const items = notices.data ?? [];
  const content = items.length ? (
    <List
      size="small"
      style={{ width: 380, maxHeight: 420, overflow: 'auto' }}
      dataSource={items}
      renderItem={(n) => (
        <List.Item key={n.id} style={{ cursor: n.link ? 'pointer' : undefined }} onClick={() => n.link && void navigate(n.link)}>
          <List.Item.Meta
            title={n.title}
            description={
              <>
                {n.body && <Typography.Paragraph style={{ marginBottom: 2, whiteSpace: 'pre-line' }}>{n.body}</Typography.Paragraph>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('templates.notifications.empty')} />
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('templates.notifications.title')} content={content}>
      <Badge dot={items.length > 0} offset={[-6, 6]}>
        <Button type="text" aria-label={t('templates.notifications.title')} icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />} />
      </Badge>
    </Popover>
  );
}
