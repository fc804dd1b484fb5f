import { z } from 'zod';
import { TemplateGrid, GridCode } from '../templates/grid.js';
import { Id, Periodicity, Text } from './common.js';
import { Classification } from './attachments.js';

/** Report kinds (R6): a numeric e-form or a narrative outline (đề cương). */
export const TemplateKind = z.enum(['numeric', 'narrative']);
export type TemplateKind = z.infer<typeof TemplateKind>;

/** Regimes (R5): periodic, thematic, ad hoc. */
export const RegimeKind = z.enum(['periodic', 'thematic', 'ad_hoc']);
export type RegimeKind = z.infer<typeof RegimeKind>;


/** Lifecycle (R14): draft → testing → official → retired. */
export const TEMPLATE_STATUSES = ['draft', 'testing', 'official', 'retired'] as const;
export const TemplateStatus = z.enum(TEMPLATE_STATUSES);
export type TemplateStatus = z.infer<typeof TemplateStatus>;

export const TemplateCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'Mã biểu mẫu chỉ gồm chữ không dấu, số và . _ / -');

/** Step 1, general information (without the cross-field rule). */
export const TemplateInfoShape = z
  .object({
    code: TemplateCode,
    name: Text(300),
    regimeKind: RegimeKind,
    /** For a periodic regime: the periods the form is reported for. */
    periodicities: z.array(Periodicity).max(5).default([]),
    fieldGroup: z.string().trim().max(100).default(''),
    requestingUnitId: Id,
    legalBasis: z.string().trim().max(1000).default(''),
    description: z.string().trim().max(4000).default(''),
    /** Độ mật (R34): only 'none' is accepted; a template declared secret is refused. */
    classification: Classification.default('none'),
  })
  .strict();
const periodicNeedsPeriods = (i: { regimeKind: RegimeKind; periodicities: Periodicity[] }) => i.regimeKind !== 'periodic' || i.periodicities.length > 0;
const periodicMessage = { message: 'Chế độ định kỳ cần ít nhất một kỳ báo cáo', path: ['periodicities'] };
/** Step 1, general information. */
export const TemplateInfo = TemplateInfoShape.refine(periodicNeedsPeriods, periodicMessage);
export type TemplateInfo = z.infer<typeof TemplateInfo>;

/** Step 3 of a numeric template: how the form is laid out and signed. */
export const NumericLayout = z
  .object({
    title: z.string().trim().max(300).default(''),
    subtitle: z.string().trim().max(300).default(''),
    footnotes: z.array(z.string().trim().max(1000)).max(20).default([]),
    /** Column widths in characters, by column code. */
    columnWidths: z.record(z.string(), z.number().int().min(3).max(100)).default({}),
    signatureBlock: z
      .object({ left: z.string().trim().max(200).default('NGƯỜI LẬP BIỂU'), right: z.string().trim().max(200).default('THỦ TRƯỞNG ĐƠN VỊ') })
      .strict()
      .default({ left: 'NGƯỜI LẬP BIỂU', right: 'THỦ TRƯỞNG ĐƠN VỊ' }),
    orientation: z.enum(['portrait', 'landscape']).default('landscape'),
  })
  .strict();
export type NumericLayout = z.infer<typeof NumericLayout>;

/** A data placeholder in an outline, resolved with the unit's figures when the report is written. */
export const Placeholder = z
  .object({
    key: z.string().regex(/^[a-z0-9_]{1,40}$/, 'Khóa chỉ gồm chữ thường không dấu, số và _'),
    label: Text(200),
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('cell'), templateCode: TemplateCode, row: GridCode, column: GridCode }).strict(),
      /** An indicator of the library, by id: codes repeat across indicator sets and their versions. */
      z.object({ kind: z.literal('indicator'), indicatorId: Id }).strict(),
    ]),
  })
  .strict();
export type Placeholder = z.infer<typeof Placeholder>;

export type OutlineSection = { number: string; title: string; guidance: string; placeholders: Placeholder[]; children: OutlineSection[] };
export const OutlineSection: z.ZodType<OutlineSection, unknown> = z.lazy(() =>
  z
    .object({
      number: z.string().trim().max(16),
      title: Text(300),
      guidance: z.string().trim().max(4000).default(''),
      placeholders: z.array(Placeholder).max(50).default([]),
      children: z.array(OutlineSection).max(50).default([]),
    })
    .strict(),
);

/** Layout of a narrative report as an administrative document (Decree 30/2020). */
export const NarrativeLayout = z
  .object({
    parentAgency: z.string().trim().max(200).default('UBND THÀNH PHỐ HẢI PHÒNG'),
    /** Symbol after the number, e.g. `BC-STC` in "Số: 15/BC-STC". */
    symbol: z.string().trim().max(40).default('BC'),
    summary: z.string().trim().max(500).default(''),
    signerTitle: z.string().trim().max(200).default('GIÁM ĐỐC'),
    recipients: z.array(z.string().trim().max(200)).max(30).default(['Như trên;', 'Lưu: VT.']),
  })
  .strict();
export type NarrativeLayout = z.infer<typeof NarrativeLayout>;

export const NumericDefinition = z.object({ kind: z.literal('numeric'), grid: TemplateGrid, layout: NumericLayout }).strict();
export const NarrativeDefinition = z
  .object({ kind: z.literal('narrative'), outline: z.array(OutlineSection).min(1).max(50), layout: NarrativeLayout })
  .strict();
export const TemplateDefinition = z.discriminatedUnion('kind', [NumericDefinition, NarrativeDefinition]);
export type TemplateDefinition = z.infer<typeof TemplateDefinition>;

export const CreateTemplateInput = z.object({ info: TemplateInfo, definition: TemplateDefinition }).strict();
export type CreateTemplateInput = z.infer<typeof CreateTemplateInput>;

/** A draft is saved whole, with the revision it was loaded at: a stale save answers 409. */
export const UpdateTemplateInput = z.object({ info: TemplateInfo, definition: TemplateDefinition, revision: z.number().int().min(1) }).strict();
export type UpdateTemplateInput = z.infer<typeof UpdateTemplateInput>;

export const TemplateSummary = z.object({
  id: Id,
  lineageId: Id,
  code: z.string(),
  name: z.string(),
  kind: TemplateKind,
  version: z.number().int(),
  status: TemplateStatus,
  regimeKind: RegimeKind,
  periodicities: z.array(Periodicity),
  fieldGroup: z.string(),
  requestingUnitId: Id,
  requestingUnitName: z.string(),
  shared: z.boolean(),
  revision: z.number().int(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** While testing: the last day of the 5 working days R14 allows (YYYY-MM-DD, Vietnam), else null. */
  testingUntil: z.string().nullable(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;

export const Template = TemplateSummary.extend({
  info: z.object({ code: z.string(), name: z.string(), regimeKind: RegimeKind, periodicities: z.array(Periodicity), fieldGroup: z.string(), requestingUnitId: Id, legalBasis: z.string(), description: z.string(), classification: Classification.default('none') }),
  definition: z.unknown(),
  basedOnId: Id.nullable(),
  createdAt: z.string(),
  testingAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
});
export type Template = z.infer<typeof Template>;

export const TemplateQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    scope: z.enum(['mine', 'library']).optional(),
    status: TemplateStatus.optional(),
    kind: TemplateKind.optional(),
    regimeKind: RegimeKind.optional(),
    fieldGroup: z.string().trim().max(100).optional(),
  })
  .strict();
export type TemplateQuery = z.infer<typeof TemplateQuery>;

export const TemplateIdParam = z.object({ templateId: Id }).strict();

export const TransitionInput = z.object({ to: TemplateStatus, revision: z.number().int().min(1) }).strict();
export type TransitionInput = z.infer<typeof TransitionInput>;

export const CopyTemplateInput = z.object({ code: TemplateCode, name: Text(300).optional(), requestingUnitId: Id }).strict();
export type CopyTemplateInput = z.infer<typeof CopyTemplateInput>;

export const ShareTemplateInput = z.object({ shared: z.boolean() }).strict();

/** The portable file form of a template (export and import). */
export const TemplateFile = z.object({ format: z.literal('baocao-template'), formatVersion: z.literal(1), info: TemplateInfoShape.omit({ requestingUnitId: true }).refine(periodicNeedsPeriods, periodicMessage), definition: TemplateDefinition }).strict();
export type TemplateFile = z.infer<typeof TemplateFile>;

export const ImportTemplateInput = z.object({ format: z.enum(['json', 'xlsx']), contentBase64: z.string().min(1).max(8_000_000), requestingUnitId: Id, code: TemplateCode.optional() }).strict();
export type ImportTemplateInput = z.infer<typeof ImportTemplateInput>;

export const Notification = z.object({ id: Id, kind: z.string(), title: z.string(), body: z.string(), link: z.string().nullable(), createdAt: z.string() });
export type Notification = z.infer<typeof Notification>;
