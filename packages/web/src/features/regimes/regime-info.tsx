import { formatDateVi, type Regime } from '@baocao/core';
import { Descriptions, Flex, Tag, Typography, type DescriptionsProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { KIND_COLORS } from '../units/unit-kind';
import { useUnitGroups } from './api';
import { RegimeKindTag } from './regime-tags';
import { cutoffText, deadlineText, remindersText, spanText, targetText } from './regime-rules';

const UNITS_SHOWN = 30;

/** What a regime asks, of whom, by when and on what legal basis, in words. */
export function RegimeInfo({ regime: r }: { regime: Regime }) {
  const { t } = useTranslation();
  const groups = useUnitGroups();
  const names = useMemo(() => new Map(r.targetUnits.map((u) => [u.id, u.name])), [r.targetUnits]);

  const schedule: DescriptionsProps['items'] =
    r.kind === 'periodic'
      ? [
          { key: 'periodicity', label: t('regimes.form.periodicity'), children: r.periodicity ? t(`regimes.periodicity.${r.periodicity}`) : t('common.none') },
          { key: 'span', label: t('regimes.rules.span'), children: spanText(t, r) },
          { key: 'cutoff', label: t('regimes.form.cutoff'), children: cutoffText(t, r.cutoffRule) },
          { key: 'deadline', label: t('regimes.form.deadline'), children: deadlineText(t, r.deadlineRule) },
        ]
      : r.kind === 'thematic'
        ? [
            { key: 'span', label: t('regimes.rules.span'), children: spanText(t, r) },
            {
              key: 'rounds',
              label: t('regimes.form.rounds'),
              span: 2,
              children: (
                <Flex vertical>
                  {(r.rounds ?? []).map((round) => (
                    <span key={round.label}>
                      {t('regimes.rules.thematicRound', { label: round.label, from: formatDateVi(round.from), to: formatDateVi(round.to), due: formatDateVi(round.dueOn) })}
                    </span>
                  ))}
                </Flex>
              ),
            },
          ]
        : [
            { key: 'asOf', label: t('regimes.form.asOf'), children: r.asOf ? formatDateVi(r.asOf) : t('common.none') },
            { key: 'due', label: t('regimes.form.dueOn'), children: r.dueOn ? formatDateVi(r.dueOn) : t('common.none') },
          ];

  const items: DescriptionsProps['items'] = [
    { key: 'kind', label: t('regimes.kind'), children: <RegimeKindTag kind={r.kind} periodicity={r.periodicity} /> },
    { key: 'unit', label: t('regimes.requestingUnit'), children: r.requestingUnitName },
    ...schedule,
    { key: 'legal', label: t('regimes.legalBasis'), span: 'filled', children: r.legalBasis || <Typography.Text type="secondary">{t('common.none')}</Typography.Text> },
    {
      key: 'templates',
      label: t('regimes.templates'),
      span: 'filled',
      children: (
        <Flex vertical>
          {r.templates.map((tpl) => (
            <span key={tpl.lineageId}>
              {tpl.code} — {tpl.name}{' '}
              <Typography.Text type="secondary">
                ({tpl.officialVersion ? t('regimes.detail.officialVersion', { version: tpl.officialVersion }) : t('regimes.detail.noOfficial')})
              </Typography.Text>
            </span>
          ))}
        </Flex>
      ),
    },
    {
      key: 'targets',
      label: t('regimes.form.targets'),
      span: 'filled',
      children: (
        <Flex vertical>
          {r.targets.map((target, i) => (
            <span key={i}>{targetText(t, target, names, groups.data)}</span>
          ))}
        </Flex>
      ),
    },
    {
      key: 'units',
      label: t('regimes.detail.resolvedUnits', { count: r.targetUnits.length }),
      span: 'filled',
      children: (
        <Flex gap={4} wrap>
          {r.targetUnits.slice(0, UNITS_SHOWN).map((u) => (
            <Tag key={u.id} color={KIND_COLORS[u.kind]}>
              {u.name}
            </Tag>
          ))}
          {r.targetUnits.length > UNITS_SHOWN && <Tag>{t('regimes.rules.moreUnits', { count: r.targetUnits.length - UNITS_SHOWN })}</Tag>}
        </Flex>
      ),
    },
    { key: 'reminders', label: t('regimes.form.reminders'), children: remindersText(t, r.reminderDaysBefore) },
    { key: 'created', label: t('regimes.detail.created'), children: `${r.createdByName ?? t('regimes.detail.system')} · ${formatDateTime(r.createdAt)}` },
    ...(r.endedReason ? [{ key: 'ended', label: t('regimes.detail.endedReason'), span: 'filled' as const, children: r.endedReason }] : []),
  ];

  return <Descriptions bordered size="small" column={{ xs: 1, lg: 2 }} styles={{ label: { width: 190 } }} items={items} />;
}
