import { Col, Flex, Row, Spin } from 'antd';
import { useParams } from 'react-router';
import { ApiError } from '../../shared/api/client';
import { ErrorResult } from '../../shared/ui/error-result';
import { WorkflowCard } from '../signing/workflow-card';
import { useAssignment } from './api';
import { AssignPersonCard } from './assign-person-card';
import { AssignmentSummary } from './assignment-summary';
import { DelegateCard } from './delegate-card';
import { DelegationsTable } from './delegations-table';

/** /viec-cua-toi/:assignmentId: one unit's report for one round; delegation to units and people (R16); its workflow and signatures (R21–R23). */
export function AssignmentPage() {
  const { assignmentId } = useParams();
  const assignment = useAssignment(assignmentId);

  if (assignment.isError && !assignment.data) {
    const status = assignment.error instanceof ApiError ? assignment.error.status : 0;
    if (status === 404) return <ErrorResult notFound />;
    if (status === 403) return <ErrorResult forbidden />;
    return <ErrorResult error={assignment.error} onRetry={() => void assignment.refetch()} />;
  }
  if (!assignment.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const a = assignment.data;

  return (
    <Flex vertical gap={16}>
      <AssignmentSummary a={a} />
      <WorkflowCard a={a} />
      {a.canDelegate && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <AssignPersonCard a={a} />
          </Col>
          <Col xs={24} xl={12}>
            <DelegateCard a={a} />
          </Col>
        </Row>
      )}
      {(a.canDelegate || a.delegations.length > 0) && <DelegationsTable a={a} />}
    </Flex>
  );
}
