import { Flex, Spin } from 'antd';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../shared/api/client';
import { ErrorResult } from '../../shared/ui/error-result';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { useEntryForm } from './api';
import { NarrativeEntry } from './narrative-entry';
import { NumericEntry } from './numeric-entry';

/** /viec-cua-toi/:assignmentId/nhap-lieu: the unit's figures for one report (R17). */
export function EntryPage() {
  const { assignmentId } = useParams();
  const form = useEntryForm(assignmentId);
  const { refetch } = form;
  const reload = useCallback(() => refetch().then((r) => r.data), [refetch]);

  if (form.isError && !form.data) {
    const status = form.error instanceof ApiError ? form.error.status : 0;
    if (status === 404) return <ErrorResult notFound />;
    if (status === 403) return <ErrorResult forbidden />;
    return <ErrorResult error={form.error} onRetry={() => void form.refetch()} />;
  }
  if (!form.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const definition = form.data.template.definition;
  return (
    <Flex vertical gap={16}>
      {definition.kind === 'narrative' ? (
        <NarrativeEntry key={form.data.assignmentId} form={form.data} outline={definition.outline} refetch={reload} />
      ) : (
        <NumericEntry key={form.data.assignmentId} form={form.data} grid={definition.grid} layout={definition.layout} refetch={reload} />
      )}
      <AttachmentsPanel key={`attachments-${form.data.assignmentId}`} assignmentId={form.data.assignmentId} editable={form.data.editable} />
    </Flex>
  );
}
