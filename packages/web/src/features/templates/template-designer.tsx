import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import type { NarrativeLayout, NumericLayout, Template, TemplateDefinition, TemplateInfo, TemplateKind, TemplateGrid } from '@baocao/core';
import { Alert, App, Button, Card, Flex, Form, Steps, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan, useSession } from '../../app/session';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { useCreateTemplate, useUpdateTemplate } from './api';
import { checkGrid, defaultLayout, fromGrid, newDraftGrid, toGrid, type DraftGrid } from './draft';
import { GridStep } from './grid-step';
import { LayoutStep } from './layout-step';
import { NarrativePreview } from './narrative-preview';
import { InfoForm } from './info-form';
import { defaultNarrativeLayout, fromOutline, newOutline, OutlineEditor, toOutline, type DraftSection } from './outline-editor';
import { TemplateActions } from './template-actions';
import { TemplateStatusTag } from './template-status-tag';
import { useDebounced } from './use-debounced';

type Props = { kind: TemplateKind; template?: Template };
type Definition = { kind: 'numeric'; grid: TemplateGrid; layout: NumericLayout } | { kind: 'narrative'; outline: unknown[]; layout: NarrativeLayout };

/** The designer of one template: general information, then the grid (or outline), then layout and preview; save and lifecycle on top. */
export function TemplateDesigner({ kind, template }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const canManage = useCan('template.manage');
  const [form] = Form.useForm<TemplateInfo>();
  const stored = template?.definition as Definition | undefined;
  const [grid, setGrid] = useState<DraftGrid>(() => (stored?.kind === 'numeric' ? fromGrid(stored.grid) : newDraftGrid()));
  const [layout, setLayout] = useState<NumericLayout>(() => (stored?.kind === 'numeric' ? { ...defaultLayout, ...stored.layout } : defaultLayout));
  const [outline, setOutline] = useState<DraftSection[]>(() => (stored?.kind === 'narrative' ? fromOutline(stored.outline as never) : newOutline()));
  const [narrativeLayout, setNarrativeLayout] = useState<NarrativeLayout>(() => (stored?.kind === 'narrative' ? { ...defaultNarrativeLayout, ...stored.layout } : defaultNarrativeLayout));
  const [step, setStep] = useState(template ? 1 : 0);
  const [revision, setRevision] = useState(template?.revision ?? 1);
  const [dirty, setDirty] = useState(false);
  const [saveError, setSaveError] = useState<{ title: string; items?: string[]; stale?: boolean } | null>(null);
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const readOnly = !canManage || (!!template && template.status !== 'draft');
  const name = Form.useWatch('name', form) ?? template?.name ?? '';

  const settledGrid = useDebounced(grid, 250);
  const problems = useMemo(() => (kind === 'numeric' ? checkGrid(settledGrid) : []), [kind, settledGrid]);
  const previewGrid = useMemo(() => toGrid(settledGrid), [settledGrid]);
  const changeGrid = (change: (g: DraftGrid) => DraftGrid) => {
    setGrid(change);
    setDirty(true);
  };

  const initialInfo: Partial<TemplateInfo> = template?.info ?? {
    regimeKind: 'periodic',
    periodicities: ['month'],
    requestingUnitId: user.unitId,
    fieldGroup: '',
    legalBasis: '',
    description: '',
  };

  const onSaveError = (error: unknown) => {
    const code = error instanceof ApiError ? error.code : '';
    if (code === 'template.stale') return setSaveError({ title: t('templates.stale'), stale: true });
    if (code === 'template.code_taken') {
      form.setFields([{ name: 'code', errors: [errorMessage(error)] }]);
      setStep(0);
    }
    const items = error instanceof ApiError ? error.problem.errors?.map((e) => `${e.path}: ${e.message}`) : undefined;
    setSaveError({ title: code === 'template.invalid' ? t('templates.invalid') : errorMessage(error), items });
  };

  const save = async () => {
    setSaveError(null);
    const info = await form.validateFields().catch(() => null);
    if (!info) return setStep(0);
    let definition: TemplateDefinition;
    if (kind === 'numeric') {
      const now = checkGrid(grid);
      if (now.length) {
        setStep(1);
        return setSaveError({ title: t('templates.invalid'), items: now.map((p) => (p.where ? `${p.where}: ${p.message}` : p.message)) });
      }
      definition = { kind: 'numeric', grid: toGrid(grid), layout: { ...layout, footnotes: layout.footnotes.map((f) => f.trim()).filter(Boolean) } };
    } else {
      definition = { kind: 'narrative', outline: toOutline(outline), layout: { ...narrativeLayout, recipients: narrativeLayout.recipients.map((r) => r.trim()).filter(Boolean) } };
    }
    const body = { info: { ...info, periodicities: info.regimeKind === 'periodic' ? info.periodicities : [] }, definition };
    if (!template) {
      create.mutate(body, {
        onSuccess: (created) => {
          void message.success(t('templates.created'));
          void navigate(`/bieu-mau/${created.id}`, { replace: true });
        },
        onError: onSaveError,
      });
      return;
    }
    update.mutate(
      { id: template.id, ...body, revision },
      {
        onSuccess: (saved) => {
          setRevision(saved.revision);
          setDirty(false);
          void message.success(t('templates.actions.saved'));
        },
        onError: onSaveError,
      },
    );
  };

  const steps = kind === 'numeric' ? ['info', 'grid', 'layout'] as const : ['info', 'outline', 'preview'] as const;
  const title = template ? (
    <Flex align="center" gap={8} wrap>
      <Typography.Text strong>{`${template.code} — ${template.name}`}</Typography.Text>
      <TemplateStatusTag status={template.status} />
      <Tag>{t('templates.versionNo', { version: template.version })}</Tag>
      {dirty && <Tag color="gold">{t('templates.unsaved')}</Tag>}
    </Flex>
  ) : (
    t(kind === 'numeric' ? 'templates.newNumeric' : 'templates.newNarrative')
  );

  return (
    <Card
      title={title}
      extra={
        <Flex gap={8} wrap justify="end">
          <Link to="/bieu-mau">
            <Button icon={<ArrowLeftOutlined />}>{t('templates.actions.back')}</Button>
          </Link>
          {!readOnly && (
            <Button type="primary" icon={<SaveOutlined />} loading={create.isPending || update.isPending} onClick={() => void save()}>
              {t('templates.actions.save')}
            </Button>
          )}
          {template && <TemplateActions template={template} revision={revision} dirty={dirty} onChanged={(s) => setRevision(s.revision)} />}
        </Flex>
      }
    >
      {template && readOnly && canManage && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('templates.readOnly', { status: t(`templates.status.${template.status}`) })} />}
      {saveError && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setSaveError(null) }}
          style={{ marginBottom: 16 }}
          title={saveError.title}
          description={saveError.items?.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{saveError.items.slice(0, 30).map((m, i) => <li key={i}>{m}</li>)}</ul> : undefined}
          action={saveError.stale ? <Button onClick={() => window.location.reload()}>{t('templates.reload')}</Button> : undefined}
        />
      )}
      <Steps current={step} onChange={setStep} items={steps.map((s) => ({ title: t(`templates.step.${s}`) }))} style={{ marginBottom: 24 }} />
      <div style={{ display: step === 0 ? undefined : 'none' }}>
        <InfoForm form={form} initial={initialInfo} readOnly={readOnly} onChange={() => setDirty(true)} />
      </div>
      {kind === 'numeric' && step === 1 && <GridStep grid={grid} update={changeGrid} problems={problems} codes={{ rows: grid.rows.map((r) => r.code).filter(Boolean), columns: grid.columns.map((c) => c.code).filter(Boolean) }} readOnly={readOnly} />}
      {kind === 'numeric' && step === 2 && <LayoutStep layout={layout} onChange={(l) => { setLayout(l); setDirty(true); }} grid={previewGrid} name={name} readOnly={readOnly} />}
      {kind === 'narrative' && step === 1 && (
        <OutlineEditor outline={outline} onChange={(o) => { setOutline(o); setDirty(true); }} layout={narrativeLayout} onLayoutChange={(l) => { setNarrativeLayout(l); setDirty(true); }} readOnly={readOnly} />
      )}
      {kind === 'narrative' && step === 2 && <NarrativePreview outline={outline} layout={narrativeLayout} issuingAgency={template?.requestingUnitName ?? user.unitName} />}
      <Flex justify="space-between" style={{ marginTop: 24 }}>
        <Button disabled={step === 0} onClick={() => setStep(step - 1)}>
          {t('templates.back')}
        </Button>
        <Button disabled={step === steps.length - 1} onClick={() => setStep(step + 1)}>
          {t('templates.next')}
        </Button>
      </Flex>
    </Card>
  );
}
