import type { FormState, OutlineSection } from '@baocao/core';
import { formatViNumber } from '@baocao/core';
import { Alert, App, Button, Card, Flex, Modal, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { saveNarrative, useSubmitForm } from './api';
import { EntryHeader } from './entry-header';
import { NarrativeEditor } from './narrative-editor';
import { filledHtml, type PlaceholderText } from './narrative-text';
import { useEntryDraft, type SaveFn } from './use-entry-draft';

/** An outline section with the key the server stores its text under (its number, else its title). */
type Flat = { key: string; level: number; section: OutlineSection };
const flatten = (sections: readonly OutlineSection[], level = 0): Flat[] =>
  sections.flatMap((section) => [{ key: section.number || section.title, level, section }, ...flatten(section.children ?? [], level + 1)]);

type Props = { form: FormState; outline: OutlineSection[]; refetch: () => Promise<FormState | undefined> };

/**
 * A narrative report (đề cương): a rich-text editor per outline section, saved automatically as
 * HTML (sanitised by the server), with the section's guidance and its data placeholders resolved
 * from the unit's figures of the same round.
 */
export function NarrativeEntry({ form, outline, refetch }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sections = useMemo(() => flatten(outline), [outline]);
  const save = useCallback<SaveFn>(
    (baseVersion, changes) => saveNarrative(form.assignmentId, { baseVersion, sections: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? ''])) }),
    [form.assignmentId],
  );
  const draft = useEntryDraft(form, refetch, save);
  const submit = useSubmitForm(form.assignmentId);
  // Editors own their content once mounted; keeping the saved text after a conflict mounts them anew.
  const [generation, setGeneration] = useState(0);
  const placeholders = form.placeholders;
  const textOf = useCallback<PlaceholderText>(
    (key) => {
      const value = placeholders[key]?.value;
      return value === null || value === undefined ? { text: t('entry.narrative.noValue'), missing: true } : { text: formatViNumber(value), missing: false };
    },
    [placeholders, t],
  );

  const resolve = (choice: 'theirs' | 'mine') => {
    if (choice === 'theirs') setGeneration((g) => g + 1);
    draft.resolve(choice);
  };
  const onSubmit = async () => {
    const current = await draft.flush();
    if (!current) return;
    submit.mutate(current.version, {
      onSuccess: (f) => void message.success(f.requiresSignature ? t('entry.submittedToLeader') : t('entry.submitted')),
      onError: (e) => {
        if (e instanceof ApiError && e.code === 'form.stale') void refetch();
      },
    });
  };
  const blocked = draft.phase === 'conflict' || draft.phase === 'failed' ? t('entry.saveFailed', { message: errorMessage(draft.error) }) : null;

  return (
    <Flex vertical gap={16}>
      <EntryHeader
        form={form}
        phase={draft.phase}
        error={draft.error}
        onRetry={draft.retry}
        submitBlocked={blocked}
        submitting={submit.isPending}
        onSubmit={() => void onSubmit()}
        onUpload={() => undefined}
        historyCell={null}
        onHistory={() => undefined}
        numeric={false}
      />
      {form.returnReason && <Alert type="warning" showIcon data-testid="returned-banner" title={t('entry.returnedTitle')} description={t('entry.returnedReason', { reason: form.returnReason })} />}
      {!form.editable && <Alert type="info" showIcon title={t('entry.readOnly', { status: t(`inbox.status.${form.status}`) })} />}
      {submit.error && <Alert type="error" showIcon closable={{ onClose: () => submit.reset() }} title={errorMessage(submit.error)} />}
      {form.editable && <Alert type="info" showIcon title={t('entry.narrative.note')} />}
      <Card data-testid="narrative-outline">
        <Flex vertical gap={20}>
          {sections.map(({ key, level, section }) => {
            const title = [section.number, section.title].filter(Boolean).join('. ');
            const stored = form.narrative[key] ?? '';
            return (
              <Flex key={key} vertical gap={4} style={{ marginLeft: level * 24 }}>
                <Typography.Text strong={level < 2} italic={level >= 2}>
                  {title}
                </Typography.Text>
                {section.guidance && <Typography.Text type="secondary" italic>{section.guidance}</Typography.Text>}
                {(section.placeholders ?? []).length > 0 && (
                  <Flex gap={4} wrap align="center">
                    <Typography.Text type="secondary">{t('entry.narrative.dataFields')}</Typography.Text>
                    {section.placeholders.map((p) => (
                      <Tag key={p.key} color={textOf(p.key).missing ? 'orange' : 'blue'} title={form.placeholders[p.key]?.source}>
                        {p.label}: {textOf(p.key).text}
                      </Tag>
                    ))}
                  </Flex>
                )}
                {form.editable ? (
                  <NarrativeEditor
                    key={`${key}#${generation}`}
                    label={title}
                    initialHtml={filledHtml(stored, textOf)}
                    placeholders={section.placeholders ?? []}
                    textOf={textOf}
                    onChange={(html) => draft.change({ [key]: html })}
                  />
                ) : stored ? (
                  <div className="narrative-view" data-testid={`section-${key}`} dangerouslySetInnerHTML={{ __html: filledHtml(stored, textOf) }} />
                ) : (
                  <Typography.Text data-testid={`section-${key}`} type="secondary">
                    {t('common.none')}
                  </Typography.Text>
                )}
              </Flex>
            );
          })}
        </Flex>
      </Card>
      <Modal
        open={!!draft.conflicts}
        title={t('entry.narrative.conflictTitle')}
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={[
          <Button key="theirs" onClick={() => resolve('theirs')}>
            {t('entry.narrative.keepTheirs')}
          </Button>,
          <Button key="mine" type="primary" danger onClick={() => resolve('mine')}>
            {t('entry.conflict.overwrite')}
          </Button>,
        ]}
      >
        <Typography.Paragraph>{errorMessage(draft.error)}</Typography.Paragraph>
      </Modal>
    </Flex>
  );
}
