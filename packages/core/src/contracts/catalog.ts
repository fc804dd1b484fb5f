import { z } from 'zod';
import { Id, PERIODICITIES, Periodicity, Text } from './common.js';
import { FileFormat } from './units.js';

/**
 * The indicator library (kho chỉ tiêu, R8, R13): field groups, units of measure, and indicators
 * grouped into versioned indicator sets. An indicator belongs to one version of one set; an
 * official version is frozen, and a change to it is a new version.
 */

/** Publication periods (kỳ công bố) of an indicator, in calendar order. */

/** How the import/export files write each period. */
export const PERIODICITY_LABELS: Record<Periodicity, string> = {
  month: 'Tháng',
  quarter: 'Quý',
  half_year: '6 tháng',
  nine_months: '9 tháng',
  year: 'Năm',
};

/** draft (being edited) → official (frozen, in use) → retired (kept, readable). */
export const INDICATOR_SET_STATUSES = ['draft', 'official', 'retired'] as const;
export const IndicatorSetStatus = z.enum(INDICATOR_SET_STATUSES);
export type IndicatorSetStatus = z.infer<typeof IndicatorSetStatus>;

/** Codes of indicators, sets, field groups and units of measure: `0501`, `1.1`, `DEMO-01`. */
export const CatalogCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Mã chỉ gồm chữ không dấu, số và . _ -, bắt đầu bằng chữ hoặc số');

const LongText = (max: number) => z.string().trim().max(max);

export const FieldGroup = z.object({ id: Id, code: z.string(), name: z.string() });
export type FieldGroup = z.infer<typeof FieldGroup>;
export const UnitOfMeasure = z.object({ id: Id, code: z.string(), name: z.string() });
export type UnitOfMeasure = z.infer<typeof UnitOfMeasure>;

/** A new field group (nhóm lĩnh vực) or unit of measure (đơn vị tính). */
export const CreateReferenceInput = z.object({ code: CatalogCode, name: Text(200) }).strict();
export type CreateReferenceInput = z.infer<typeof CreateReferenceInput>;

export const IndicatorSet = z.object({
  id: Id,
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  /** e.g. "Quyết định 293/QĐ-TTg". */
  legalBasis: z.string(),
  description: z.string(),
  status: IndicatorSetStatus,
  /** A bundled sample, never an official list. */
  isDemo: z.boolean(),
  /** The unit that maintains the set; null for the city's shared library (system administrators). */
  ownerUnitId: Id.nullable(),
  ownerUnitName: z.string().nullable(),
  /** The version this one was copied from. */
  previousId: Id.nullable(),
  indicatorCount: z.number().int(),
  publishedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type IndicatorSet = z.infer<typeof IndicatorSet>;

export const IndicatorSetDetail = IndicatorSet.extend({
  /** Every version of the same set code, newest first. */
  versions: z.array(z.object({ id: Id, version: z.number().int(), status: IndicatorSetStatus, publishedAt: z.string().nullable() })),
});
export type IndicatorSetDetail = z.infer<typeof IndicatorSetDetail>;

export const IndicatorSetQuery = z
  .object({ q: z.string().trim().max(100).optional(), status: IndicatorSetStatus.optional() })
  .strict();
export type IndicatorSetQuery = z.infer<typeof IndicatorSetQuery>;

export const CreateIndicatorSetInput = z
  .object({
    code: CatalogCode,
    name: Text(500),
    legalBasis: LongText(500).default(''),
    description: LongText(4000).default(''),
    /** null: the city's shared library, which only system administrators maintain. */
    ownerUnitId: Id.nullable(),
  })
  .strict();
export type CreateIndicatorSetInput = z.infer<typeof CreateIndicatorSetInput>;

export const UpdateIndicatorSetInput = z
  .object({ name: Text(500).optional(), legalBasis: LongText(500).optional(), description: LongText(4000).optional() })
  .strict();
export type UpdateIndicatorSetInput = z.infer<typeof UpdateIndicatorSetInput>;

export const IndicatorSetIdParam = z.object({ setId: Id }).strict();
export const IndicatorIdParam = z.object({ indicatorId: Id }).strict();

export const Indicator = z.object({
  id: Id,
  setId: Id,
  setCode: z.string(),
  setVersion: z.number().int(),
  setStatus: IndicatorSetStatus,
  /** The same indicator across versions of its set keeps this id. */
  lineageId: Id,
  code: z.string(),
  name: z.string(),
  unitOfMeasureId: Id.nullable(),
  unitOfMeasure: z.string().nullable(),
  fieldGroupId: Id.nullable(),
  fieldGroup: z.string().nullable(),
  /** Khái niệm. */
  concept: z.string(),
  /** Phương pháp tính. */
  calculationMethod: z.string(),
  /** Phân tổ chủ yếu. */
  mainDisaggregations: z.string(),
  periodicity: z.array(Periodicity),
  /** Nguồn số liệu. */
  dataSource: z.string(),
  /** Cơ quan chịu trách nhiệm thu thập, tổng hợp, as written in the decision. */
  responsibleUnit: z.string(),
  /** The city's unit that answers for it, when it is one. */
  responsibleUnitId: Id.nullable(),
  responsibleUnitCode: z.string().nullable(),
  parentId: Id.nullable(),
  parentCode: z.string().nullable(),
  position: z.number().int(),
  active: z.boolean(),
  updatedAt: z.string(),
});
export type Indicator = z.infer<typeof Indicator>;

export const IndicatorQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    setId: Id.optional(),
    fieldGroupId: Id.optional(),
    periodicity: Periodicity.optional(),
    includeInactive: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type IndicatorQuery = z.infer<typeof IndicatorQuery>;

const PeriodicityList = z
  .array(Periodicity)
  .min(1, 'Chọn ít nhất một kỳ công bố')
  .max(PERIODICITIES.length)
  .refine((p) => new Set(p).size === p.length, 'Kỳ công bố bị lặp');

const NoRef = Id.nullable();

export const CreateIndicatorInput = z
  .object({
    setId: Id,
    code: CatalogCode,
    name: Text(500),
    unitOfMeasureId: NoRef.default(null),
    fieldGroupId: NoRef.default(null),
    concept: LongText(5000).default(''),
    calculationMethod: LongText(5000).default(''),
    mainDisaggregations: LongText(2000).default(''),
    periodicity: PeriodicityList,
    dataSource: LongText(1000).default(''),
    responsibleUnit: LongText(500).default(''),
    responsibleUnitId: NoRef.default(null),
    parentId: NoRef.default(null),
  })
  .strict();
export type CreateIndicatorInput = z.infer<typeof CreateIndicatorInput>;

/** Changes to an indicator of a draft set; `active: false` takes it out of the set (nothing is deleted). */
export const UpdateIndicatorInput = z
  .object({
    code: CatalogCode.optional(),
    name: Text(500).optional(),
    unitOfMeasureId: NoRef.optional(),
    fieldGroupId: NoRef.optional(),
    concept: LongText(5000).optional(),
    calculationMethod: LongText(5000).optional(),
    mainDisaggregations: LongText(2000).optional(),
    periodicity: PeriodicityList.optional(),
    dataSource: LongText(1000).optional(),
    responsibleUnit: LongText(500).optional(),
    responsibleUnitId: NoRef.optional(),
    parentId: NoRef.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateIndicatorInput = z.infer<typeof UpdateIndicatorInput>;

export const IndicatorExportQuery = z.object({ format: FileFormat }).strict();

/** A CSV or XLSX file sent as base64 inside JSON, so one schema validates it. */
export const IndicatorImportInput = z.object({ format: FileFormat, contentBase64: z.string().min(1).max(8_000_000) }).strict();
export type IndicatorImportInput = z.infer<typeof IndicatorImportInput>;

export const IndicatorImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Names of units of measure and field groups the file introduced into the catalogue. */
  newUnitsOfMeasure: z.array(z.string()),
  newFieldGroups: z.array(z.string()),
});
export type IndicatorImportResult = z.infer<typeof IndicatorImportResult>;

/** Columns of the indicator set file, in order: `key` is also accepted as a header. */
export const INDICATOR_FILE_COLUMNS = [
  { key: 'code', header: 'Mã chỉ tiêu' },
  { key: 'name', header: 'Tên chỉ tiêu' },
  { key: 'parent_code', header: 'Mã chỉ tiêu cha' },
  { key: 'unit_of_measure', header: 'Đơn vị tính' },
  { key: 'field_group', header: 'Nhóm lĩnh vực' },
  { key: 'periodicity', header: 'Kỳ công bố' },
  { key: 'concept', header: 'Khái niệm' },
  { key: 'calculation_method', header: 'Phương pháp tính' },
  { key: 'main_disaggregations', header: 'Phân tổ chủ yếu' },
  { key: 'data_source', header: 'Nguồn số liệu' },
  { key: 'responsible_unit', header: 'Cơ quan chịu trách nhiệm thu thập, tổng hợp' },
  { key: 'responsible_unit_code', header: 'Mã đơn vị chịu trách nhiệm' },
  { key: 'active', header: 'Đang sử dụng' },
] as const;
export type IndicatorFileKey = (typeof INDICATOR_FILE_COLUMNS)[number]['key'];

/** More data rows than this and an import file is refused before any work. */
export const INDICATOR_FILE_MAX_ROWS = 20_000;
