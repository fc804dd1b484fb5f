import { Flex, Spin } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { ErrorResult } from '../../shared/ui/error-result';
import { useTemplate } from './api';
import { TemplateDesigner } from './template-designer';

/** /bieu-mau/moi (new; `?loai=de-cuong` for a narrative outline) and /bieu-mau/:id (open one). */
export function TemplateDesignerPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const query = useTemplate(id);
  if (!id) return <TemplateDesigner key="new" kind={params.get('loai') === 'de-cuong' ? 'narrative' : 'numeric'} />;
  if (query.isPending) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (query.isError) return <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  const kind = (query.data.definition as { kind?: string } | null)?.kind === 'narrative' ? 'narrative' : 'numeric';
  return <TemplateDesigner key={id} kind={kind} template={query.data} />;
}
