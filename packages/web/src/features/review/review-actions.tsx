import type { AssignmentStatus } from '@baocao/core';
import { Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../app/session';
import { ReviewModal } from './review-modal';

/** Statuses in which a report surely has a submitted version (a draft may be a resubmission in progress, or a first one). */
const HAS_VERSIONS: readonly AssignmentStatus[] = ['sent', 'accepted', 'returned'];

/**
 * On a row of a subordinate's (or a target unit's) report: "Duyệt" once it is sent, and its
 * submitted versions. The server decides who may review; the button is for those who handle work.
 */
export function ReviewActions({ assignmentId, unitName, status }: { assignmentId: string; unitName: string; status: AssignmentStatus }) {
  const { t } = useTranslation();
  const canHandle = useCan('assignment.delegate');
  const [open, setOpen] = useState(false);
  return (
    <Flex gap={8} align="center" wrap>
      {status === 'sent' && canHandle && (
        <Button size="small" type="primary" onClick={() => setOpen(true)}>
          {t('review.review.button')}
        </Button>
      )}
      {HAS_VERSIONS.includes(status) && <Link to={`/viec-cua-toi/${assignmentId}/phien-ban`}>{t('review.versionsLink')}</Link>}
      {open && <ReviewModal childId={assignmentId} unitName={unitName} onClose={() => setOpen(false)} />}
    </Flex>
  );
}
