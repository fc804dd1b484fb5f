import type { FormState, OutlineSection } from '@baocao/core';
import { formatViNumber } from '@baocao/core';
import { Alert, App, Button, Card, Flex, Input, Modal, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { saveNarrative, useSubmitForm } from './api';
import { EntryHeader } from './entry-header';
import { htmlToText, textToHtml } from './narrative-text';
import { useEntryDraft, type SaveFn } from './use-entry-draft';

/** An outline section with the key the server stores its text under (its number, else its title). */
type Flat = { key: string; level: number; section: OutlineSection };
const flatten = (sections: readonly OutlineSection[], level = 0): Flat[] =>
  sections.flatMap((section) => [{ key: section.number || section.title, level, section }, ...flatten(section.children ?? [], level + 1)]);

type Props = { form: FormState; outline: OutlineSection[]; refetch: () => Promise<FormState | undefined> };

/**
 * A narrative report (đề cương): a plain text box per outline section for now, saved automatically
 * as simple paragraphs, with the section's guidance and the figures it should cite. The rich-text
 * editor comes next and reads the same stored sections.
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
  // What the user typed this session; the stored (sanitised) text otherwise.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const textOf = (key: string) => typed[key] ?? htmlToText(form.narrative[key] ?? '');

  const onType = (key: string, text: string) => {
    setTyped((all) => ({ ...all, [key]: text }));
    draft.change({ [key]: textToHtml(text) });
  };
  const resolve = (choice: 'theirs' | 'mine') => {
    if (choice === 'theirs') setTyped({});
    draft.resolve(choice);
  };
  const onSubmit = async () => {
    const current = await draft.flush();
    if (!current) return;
    submit.mutate(current.version, {
      onSuccess: () => void message.success(t('entry.submitted')),
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
          {sections.map(({ key, level, section }) => (
            <Flex key={key} vertical gap={4} style={{ marginLeft: level * 24 }}>
              <Typography.Text strong={level < 2} italic={level >= 2}>
                {[section.number, section.title].filter(Boolean).join('. ')}
              </Typography.Text>
              {section.guidance && <Typography.Text type="secondary" italic>{section.guidance}</Typography.Text>}
              {(section.placeholders ?? []).length > 0 && (
                <Flex gap={4} wrap align="center">
                  <Typography.Text type="secondary">{t('entry.narrative.dataFields')}</Typography.Text>
                  {section.placeholders.map((p) => {
                    const value = form.placeholders[p.key]?.value;
                    return (
                      <Tag key={p.key} color="blue" title={form.placeholders[p.key]?.source}>
                        {value === null || value === undefined ? `${p.label}: ${t('entry.narrative.noValue')}` : `${p.label}: ${formatViNumber(value)}`}
                      </Tag>
                    );
                  })}
                </Flex>
              )}
              {form.editable ? (
                <Input.TextArea
                  aria-label={t('entry.narrative.sectionText', { section: [section.number, section.title].filter(Boolean).join('. ') })}
                  autoSize={{ minRows: 3, maxRows: 16 }}
                  value={textOf(key)}
                  placeholder={t('entry.narrative.placeholder')}
                  onChange={(e) => onType(key, e.target.value)}
                />
              ) : (
                <Typography.Paragraph data-testid={`section-${key}`} style={{ whiteSpace: 'pre-line', margin: 0, textAlign: 'justify' }}>
                  {textOf(key) || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
                </Typography.Paragraph>
              )}
            </Flex>
          ))}
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
