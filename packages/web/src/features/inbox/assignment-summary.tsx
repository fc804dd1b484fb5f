import { ArrowLeftOutlined, EditOutlined, EyeOutlined, RightOutlined } from '@ant-design/icons';
import type { AssignmentDetail, AssignmentStatus, Role } from '@baocao/core';
import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { AssignmentStatusTag, TimeLeftText } from './assignment-status';
import { OutageMarks } from '../operations/outage-marks';
import { formatDay } from './dates';

/** Who passed the work down, with each one's deadline: requesting unit → … → this unit. */
function Chain({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const steps = [
    { key: 'requesting', name: a.requestingUnitName, due: null as string | null, current: false },
    ...a.chain.map((c) => ({ key: c.id, name: c.unitName, due: c.dueOn, current: false })),
    { key: a.id, name: a.unitName, due: a.dueOn, current: true },
  ];
  return (
    <Flex gap={6} align="center" wrap data-testid="assignment-chain">
      {steps.map((s, i) => (
        <Fragment key={s.key}>
          {i > 0 && <RightOutlined style={{ fontSize: 10, color: '#8c8c8c' }} />}
          <Typography.Text strong={s.current}>
            {s.name}
            {s.due && <Typography.Text type="secondary"> ({t('inbox.chainDue', { date: formatDay(s.due) })})</Typography.Text>}
          </Typography.Text>
        </Fragment>
      ))}
    </Flex>
  );
}

/** While the report is open, the unit's workers enter figures; everyone else (and afterwards) only looks. */
const ENTRY_STATUSES: readonly AssignmentStatus[] = ['open', 'draft', 'returned'];
const ENTRY_ROLES: readonly Role[] = ['unit_admin', 'leader', 'specialist'];

/** As the server decides: work given to a person is theirs (and their leader's), otherwise the whole unit's. */
function mayEnter(a: AssignmentDetail, user: { id: string; unitId: string; role: Role }): boolean {
  const theirs = a.assigneeId ? a.assigneeId === user.id || (user.unitId === a.unitId && user.role === 'leader') : user.unitId === a.unitId;
  return theirs && ENTRY_STATUSES.includes(a.status) && ENTRY_ROLES.includes(user.role);
}

/** The way to the e-form: "Nhập số liệu" while figures may be entered, "Xem số liệu" otherwise. */
function EntryLink({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const enter = mayEnter(a, user);
  return (
    <Flex gap={12} align="center" wrap style={{ marginTop: 16 }}>
      <Button type={enter ? 'primary' : 'default'} icon={enter ? <EditOutlined /> : <EyeOutlined />} onClick={() => void navigate(`/viec-cua-toi/${a.id}/nhap-lieu`)}>
        {a.template.kind === 'narrative' ? (enter ? t('entry.openNarrative') : t('entry.viewNarrative')) : enter ? t('entry.open') : t('entry.view')}
      </Button>
      {enter && <Typography.Text type="secondary">{t('entry.openHint')}</Typography.Text>}
    </Flex>
  );
}

/** The head of the assignment page: what is asked, by whom, for which round, by when. */
export function AssignmentSummary({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const delegated = a.parentId !== null || a.dueOn !== a.outerDueOn;
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;

  return (
    <Card>
      <Flex gap={8} align="start" style={{ marginBottom: 16 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('inbox.backToInbox')} title={t('inbox.backToInbox')} onClick={() => void navigate('/viec-cua-toi')} />
        <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {a.template.code} — {a.template.name}
          </Typography.Title>
          <Flex gap={8} align="center" wrap>
            <AssignmentStatusTag status={a.status} />
            <Tag color="blue">{a.roundLabel}</Tag>
            <TimeLeftText assignment={a} />
          </Flex>
        </Flex>
      </Flex>
      <Descriptions column={{ xs: 1, lg: 2 }} size="small" bordered styles={{ label: { width: 190 } }}>
        <Descriptions.Item label={t('inbox.regime')}>
          <Flex gap={6} align="center" wrap>
            {a.regimeName}
            <Typography.Text type="secondary">({a.regimeCode})</Typography.Text>
            <Tag>{t(`templates.regime.${a.regimeKind}`)}</Tag>
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('inbox.round')}>{a.roundLabel}</Descriptions.Item>
        <Descriptions.Item label={t('inbox.cutoff')}>
          {a.cutoffFrom === a.cutoffTo
            ? t('inbox.asOf', { date: formatDay(a.cutoffTo) })
            : t('inbox.cutoffRange', { from: formatDay(a.cutoffFrom), to: formatDay(a.cutoffTo) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('inbox.dueOn')}>
          <Typography.Text strong>{formatDay(a.dueOn)}</Typography.Text> <OutageMarks extendedDueOn={a.extendedDueOn} backfilled={a.backfilled} />
        </Descriptions.Item>
        {delegated && <Descriptions.Item label={t('inbox.outerDueOn')}>{formatDay(a.outerDueOn)}</Descriptions.Item>}
        <Descriptions.Item label={t('inbox.requestingUnit')}>{a.requestingUnitName}</Descriptions.Item>
        <Descriptions.Item label={t('inbox.myUnit')}>{a.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('inbox.assignee')}>
          {a.assigneeName ? (
            <span>
              <span data-testid="assignee">{a.assigneeName}</span>
              {a.assigneeDueOn && <Typography.Text type="secondary"> ({t('inbox.assigneeDue', { date: formatDay(a.assigneeDueOn) })})</Typography.Text>}
            </span>
          ) : (
            <Typography.Text type="secondary" data-testid="assignee">
              {t('inbox.unassigned')}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('inbox.legalBasis')} span="filled">
          {a.legalBasis ? <span style={{ whiteSpace: 'pre-line' }}>{a.legalBasis}</span> : none}
        </Descriptions.Item>
        {a.chain.length > 0 && (
          <Descriptions.Item label={t('inbox.chain')} span="filled">
            <Chain a={a} />
          </Descriptions.Item>
        )}
      </Descriptions>
      {a.status !== 'withdrawn' && <EntryLink a={a} />}
    </Card>
  );
}
