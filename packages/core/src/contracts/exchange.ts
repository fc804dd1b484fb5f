import { z } from 'zod';
import { DeadlineRuleSchema } from '../periods/schemas.js';
import { Id, Periodicity, Text } from './common.js';

/**
 * Exchange with the Government reporting information system through the LGSP (R27): packets
 * modelled on the 13 packet types of QCVN 125:2021/BTTTT. The field names are ours (English,
 * camelCase, the glossary's terms); docs/exchange.md maps each one to its QCVN 125 packet, and that
 * table must be checked against the regulation's annex, which was not available when it was written.
 */

export const EXCHANGE_FORMAT = 'baocao.qcvn125';
export const EXCHANGE_VERSION = 1;

/** The 13 packet types, in the regulation's order (Gói tin …). */
export const PACKET_TYPES = [
  'regime', // 1 chế độ báo cáo
  'template', // 2 biểu mẫu báo cáo
  'outlineTemplate', // 3 biểu mẫu báo cáo đề cương
  'reportData', // 4 số liệu báo cáo
  'listReportData', // 5 số liệu báo cáo danh sách
  'outlineSubmission', // 6 gửi đề cương báo cáo
  'reportStatus', // 7 trạng thái báo cáo
  'periodCatalogue', // 8 danh mục kỳ báo cáo
  'indicatorCatalogue', // 9 danh mục chỉ tiêu báo cáo
  'kpiSet', // 10 bộ chỉ số (KPI)
  'kpiGroupCatalogue', // 11 danh mục nhóm chỉ số
  'kpiDisaggregationCatalogue', // 12 danh mục phân tổ chỉ số
  'kpiData', // 13 dữ liệu chỉ số (KPI)
] as const;
export const PacketType = z.enum(PACKET_TYPES);
export type PacketType = z.infer<typeof PacketType>;

/**
 * The packet types this system takes in: catalogues and requests from above, and report figures answering
 * its own requests from a lower system (federation, docs/federation.md). The others it only sends.
 */
export const IMPORTABLE_PACKET_TYPES = ['regime', 'template', 'outlineTemplate', 'reportData', 'periodCatalogue', 'indicatorCatalogue', 'kpiGroupCatalogue', 'kpiDisaggregationCatalogue'] as const satisfies readonly PacketType[];

/** Vietnamese names of the packet types, as the regulation lists them. */
export const PACKET_TYPE_LABELS: Record<PacketType, string> = {
  regime: 'Gói tin chế độ báo cáo',
  template: 'Gói tin biểu mẫu báo cáo',
  outlineTemplate: 'Gói tin biểu mẫu báo cáo đề cương',
  reportData: 'Gói tin số liệu báo cáo',
  listReportData: 'Gói tin số liệu báo cáo danh sách',
  outlineSubmission: 'Gói tin gửi đề cương báo cáo',
  reportStatus: 'Gói tin trạng thái báo cáo',
  periodCatalogue: 'Gói tin danh mục kỳ báo cáo',
  indicatorCatalogue: 'Gói tin danh mục chỉ tiêu báo cáo',
  kpiSet: 'Gói tin bộ chỉ số (KPI)',
  kpiGroupCatalogue: 'Gói tin danh mục nhóm chỉ số',
  kpiDisaggregationCatalogue: 'Gói tin danh mục phân tổ chỉ số',
  kpiData: 'Gói tin dữ liệu chỉ số (KPI)',
};

const Code = z.string().trim().min(1).max(64);
const Str = (max: number) => z.string().max(max);
/** A calendar date, YYYY-MM-DD. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');
/** An instant, ISO 8601 with time zone. */
const Instant = z.iso.datetime({ offset: true });
/** A decimal number written as text, so nothing is lost to floating point. */
const DecimalValue = z.string().regex(/^-?\d{1,30}(\.\d{1,20})?$/, 'Số không hợp lệ (dùng dấu chấm thập phân)');
/** A period id of the system: 2026-M03, 2026-Q1, 2026-H1, 2026-9M, 2026; or `ad-hoc`, or a thematic round's key. */
const PeriodKey = z.string().trim().min(1).max(64);
const UnitRef = z.object({ code: Code, name: Str(500) }).strict();
const IndicatorRef = z.object({ setCode: Code, setVersion: z.int().min(1), code: Code }).strict();
const RegimeKindValue = z.enum(['periodic', 'thematic', 'ad_hoc']);

// ---- 1 regime ----
export const RegimePayload = z
  .object({
    code: Code,
    name: Str(500),
    kind: RegimeKindValue,
    status: z.enum(['active', 'ended']),
    periodicity: Periodicity.nullable(),
    requestingUnit: UnitRef,
    legalBasis: Str(2000),
    startsOn: Day,
    endsOn: Day.nullable(),
    dueOn: Day.nullable(),
    templates: z.array(z.object({ code: Code, name: Str(500) }).strict()).max(50),
    /**
     * Rounds opened so far. A periodic one's key is a period id and `periodFrom`–`periodTo` must be that
     * period's dates; the cutoff window (Decree 09: the 15th to the 14th) and the due date are the regime's.
     */
    rounds: z
      .array(z.object({ key: PeriodKey, label: Str(300), periodFrom: Day, periodTo: Day, cutoffFrom: Day, cutoffTo: Day, dueOn: Day }).strict())
      .max(1000),
  })
  .strict();

// ---- 2 template, 3 outline template ----
const TemplateHead = {
  code: Code,
  version: z.int().min(1),
  name: Str(500),
  status: z.enum(['draft', 'testing', 'official', 'retired']),
  regimeKind: RegimeKindValue,
  periodicities: z.array(Periodicity).max(5),
  fieldGroup: Str(200),
  requestingUnit: UnitRef,
  legalBasis: Str(2000),
};
export const TemplatePayload = z
  .object({
    ...TemplateHead,
    rows: z
      .array(z.object({ code: Code, displayNo: Str(16), name: Str(500), unitOfMeasure: Str(64), level: z.int().min(0).max(9), indicator: IndicatorRef.nullable() }).strict())
      .max(2000),
    columns: z.array(z.object({ code: Code, headers: z.array(Str(200)).min(1).max(4), valueType: z.enum(['integer', 'decimal', 'percent', 'text', 'date', 'boolean']) }).strict()).max(200),
  })
  .strict();

export type ExchangeOutlineSection = { number: string; title: string; guidance: string; children: ExchangeOutlineSection[] };
export const ExchangeOutlineSection: z.ZodType<ExchangeOutlineSection> = z.lazy(() =>
  z.object({ number: Str(16), title: Str(300), guidance: Str(4000), children: z.array(ExchangeOutlineSection).max(50) }).strict(),
);
export const OutlineTemplatePayload = z.object({ ...TemplateHead, sections: z.array(ExchangeOutlineSection).min(1).max(50) }).strict();

// ---- 4 report data, 5 list report data, 6 outline submission, 7 report status ----
const Cell = z.object({ rowCode: Code, columnCode: Code, indicator: IndicatorRef.nullable(), value: DecimalValue }).strict();
const ReportHead = {
  regimeCode: Code,
  templateCode: Code,
  templateVersion: z.int().min(1),
  periodKey: PeriodKey,
  periodFrom: Day,
  periodTo: Day,
};
/** The latest submitted version of a report, with the requesting unit's review decision when there is one. */
const Submitted = { versionNumber: z.int().min(1), submittedAt: Instant, reviewDecision: z.enum(['accept', 'reject']).nullable() };
export const ReportDataPayload = z.object({ reportId: Id, ...ReportHead, unit: UnitRef, ...Submitted, cells: z.array(Cell).max(100_000) }).strict();
export const ListReportDataPayload = z
  .object({
    ...ReportHead,
    reports: z.array(z.object({ reportId: Id, unit: UnitRef, ...Submitted, cells: z.array(Cell).max(100_000) }).strict()).max(10_000),
  })
  .strict();
export const OutlineSubmissionPayload = z
  .object({
    reportId: Id,
    ...ReportHead,
    unit: UnitRef,
    versionNumber: z.int().min(1),
    submittedAt: Instant,
    /** Each outline section's text as sanitised HTML, by the section's number path. */
    sections: z.array(z.object({ key: Str(200), html: Str(1_000_000) }).strict()).max(500),
  })
  .strict();
export const REPORT_STATUSES = ['open', 'draft', 'awaiting_signature', 'signed', 'sent', 'accepted', 'returned', 'withdrawn'] as const;
export const ReportStatusPayload = z
  .object({
    regimeCode: Code,
    periodKey: PeriodKey.nullable(),
    reports: z
      .array(
        z
          .object({ reportId: Id, unit: UnitRef, templateCode: Code, periodKey: PeriodKey, status: z.enum(REPORT_STATUSES), dueOn: Day, sentAt: Instant.nullable() })
          .strict(),
      )
      .max(50_000),
  })
  .strict();

// ---- 8 period catalogue ----
export const PeriodCataloguePayload = z
  .object({
    year: z.int().min(1900).max(2199),
    periods: z.array(z.object({ key: PeriodKey, kind: Periodicity, label: Str(100), from: Day, to: Day }).strict()).min(1).max(30),
  })
  .strict();

// ---- 9 indicator catalogue, 10 KPI set ----
export const IndicatorCataloguePayload = z
  .object({
    code: Code,
    version: z.int().min(1),
    name: Str(500),
    legalBasis: Str(500),
    description: Str(4000),
    indicators: z
      .array(
        z
          .object({
            code: Code,
            name: Text(500),
            parentCode: Code.nullable(),
            unitOfMeasure: Str(200),
            group: Str(200),
            periodicity: z.array(Periodicity).min(1).max(5),
            concept: Str(5000),
            calculationMethod: Str(5000),
            mainDisaggregations: Str(2000),
            dataSource: Str(1000),
            responsibleUnit: Str(500),
            active: z.boolean(),
          })
          .strict(),
      )
      .min(1)
      .max(20_000),
  })
  .strict();
export const KpiSetPayload = z
  .object({
    sets: z
      .array(
        z
          .object({ code: Code, version: z.int().min(1), name: Str(500), legalBasis: Str(500), status: z.enum(['draft', 'official', 'retired']), publishedAt: Instant.nullable(), indicatorCodes: z.array(Code).max(20_000) })
          .strict(),
      )
      .max(1000),
  })
  .strict();

// ---- 11 KPI group catalogue, 12 KPI disaggregation catalogue, 13 KPI data ----
export const KpiGroupCataloguePayload = z.object({ groups: z.array(z.object({ code: Code, name: Text(200) }).strict()).max(1000) }).strict();
export const KpiDisaggregationCataloguePayload = z
  .object({
    disaggregations: z
      .array(z.object({ code: Code, name: Text(200), values: z.array(z.object({ code: Code, name: Text(200) }).strict()).min(1).max(500) }).strict())
      .max(500),
  })
  .strict();
export const KpiDataPayload = z
  .object({
    periodKey: PeriodKey,
    values: z
      .array(
        z
          .object({ indicator: IndicatorRef, unit: UnitRef, periodKey: PeriodKey, periodFrom: Day, periodTo: Day, value: DecimalValue, source: z.object({ reportId: Id, templateCode: Code, rowCode: Code, columnCode: Code }).strict() })
          .strict(),
      )
      .max(200_000),
  })
  .strict();

export const PAYLOADS = {
  regime: RegimePayload,
  template: TemplatePayload,
  outlineTemplate: OutlineTemplatePayload,
  reportData: ReportDataPayload,
  listReportData: ListReportDataPayload,
  outlineSubmission: OutlineSubmissionPayload,
  reportStatus: ReportStatusPayload,
  periodCatalogue: PeriodCataloguePayload,
  indicatorCatalogue: IndicatorCataloguePayload,
  kpiSet: KpiSetPayload,
  kpiGroupCatalogue: KpiGroupCataloguePayload,
  kpiDisaggregationCatalogue: KpiDisaggregationCataloguePayload,
  kpiData: KpiDataPayload,
} as const satisfies Record<PacketType, z.ZodType>;
export type PacketPayload<T extends PacketType> = z.infer<(typeof PAYLOADS)[T]>;

const envelope = <T extends PacketType>(type: T) =>
  z
    .object({
      format: z.literal(EXCHANGE_FORMAT),
      version: z.literal(EXCHANGE_VERSION),
      type: z.literal(type),
      /** Unique per packet; a receiver takes a packet id once. */
      id: Id,
      createdAt: Instant,
      sender: z.object({ unitCode: Code, system: Str(100) }).strict(),
      payload: PAYLOADS[type] as (typeof PAYLOADS)[T],
    })
    .strict();

/** One packet: the envelope, discriminated on `type`. */
export const ExchangePacket = z.discriminatedUnion('type', [
  envelope('regime'),
  envelope('template'),
  envelope('outlineTemplate'),
  envelope('reportData'),
  envelope('listReportData'),
  envelope('outlineSubmission'),
  envelope('reportStatus'),
  envelope('periodCatalogue'),
  envelope('indicatorCatalogue'),
  envelope('kpiSet'),
  envelope('kpiGroupCatalogue'),
  envelope('kpiDisaggregationCatalogue'),
  envelope('kpiData'),
]);
export type ExchangePacket = z.infer<typeof ExchangePacket>;
export type PacketOf<T extends PacketType> = Extract<ExchangePacket, { type: T }>;

/**
 * What names the content of a packet to build: `id` of the regime, template, report (assignment) or
 * indicator set; `periodKey` of a round (list report data, report status, KPI data); `year` and
 * `periodicity` of a period catalogue; `rootUnitId` limits KPI data to a unit subtree.
 */
export const ExportFilters = z
  .object({
    id: Id.optional(),
    periodKey: PeriodKey.optional(),
    year: z.coerce.number().int().min(1900).max(2199).optional(),
    periodicity: Periodicity.optional(),
    rootUnitId: Id.optional(),
  })
  .strict();
export type ExportFilters = z.infer<typeof ExportFilters>;
export const PacketTypeParam = z.object({ type: PacketType }).strict();

/** Push a packet to the configured endpoint (EXCHANGE_URL) through the outbox. */
export const ExportInput = z.object({ type: PacketType, filters: ExportFilters.default({}) }).strict();
export type ExportInput = z.infer<typeof ExportInput>;

export const ExportResult = z.object({
  packetId: Id,
  type: PacketType,
  /** queued: the outbox delivers it; not_configured: EXCHANGE_URL is not set, the packet is kept and can be pulled. */
  delivery: z.enum(['queued', 'not_configured']),
  packet: ExchangePacket,
});
export type ExportResult = z.infer<typeof ExportResult>;

export const ImportResult = z.object({
  packetId: Id,
  type: PacketType,
  /** The packet id was imported before: nothing changed, the first result is returned. */
  replayed: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Where it went: an indicator set id, or null for requests and catalogues kept as received. */
  targetId: Id.nullable(),
  importedAt: z.string(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExchangeImportSummary = z.object({
  id: Id,
  packetId: Id,
  type: PacketType,
  senderUnitCode: z.string(),
  senderSystem: z.string(),
  importedAt: z.string(),
  importedByName: z.string().nullable(),
  apiKeyName: z.string().nullable(),
  result: ImportResult,
  /** A request from above (a `regime` packet) that this system has set up as its own regime, with that regime. */
  setup: z.object({ regimeId: Id, regimeCode: z.string() }).nullable(),
});
export type ExchangeImportSummary = z.infer<typeof ExchangeImportSummary>;

// ---- API keys (system-to-system clients such as the LGSP) ----
export const API_KEY_SCOPES = ['exchange.export', 'exchange.import'] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const CreateApiKeyInput = z
  .object({
    name: Text(200),
    unitId: Id,
    scopes: z.array(ApiKeyScope).min(1, 'Chọn ít nhất một quyền').max(API_KEY_SCOPES.length).refine((s) => new Set(s).size === s.length, 'Quyền bị lặp'),
  })
  .strict();
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  unitId: Id,
  unitName: z.string(),
  scopes: z.array(ApiKeyScope),
  /** The first characters of the key, to recognise it; the key itself is never shown again. */
  prefix: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
/** The created key with its secret, shown this once. */
export const CreatedApiKey = ApiKey.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
export const ApiKeyQuery = z.object({ unitId: Id.optional() }).strict();
export const ApiKeyIdParam = z.object({ keyId: Id }).strict();

// ---- federation (docs/federation.md): an upper system, its lower systems, requests down and answers up ----

/** A lower system registered on an upper one: where its requests go, for which unit of the upper's tree. */
export const ExchangePeer = z.object({
  id: Id,
  name: z.string(),
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  url: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ExchangePeer = z.infer<typeof ExchangePeer>;

/** Registers a lower system: its import endpoint and the key it issued for us (scope exchange.import), written once, never shown again. */
export const CreatePeerInput = z
  .object({
    name: Text(200),
    unitId: Id,
    url: z.url({ protocol: /^https?$/, error: 'Địa chỉ phải là http(s)://…' }).max(2000),
    token: z.string().trim().min(8, 'Khóa quá ngắn').max(500),
  })
  .strict();
export type CreatePeerInput = z.infer<typeof CreatePeerInput>;
export const PeerIdParam = z.object({ peerId: Id }).strict();

/** Sends a regime of this system, with its templates and their indicator catalogues, to the lower systems of its target units. */
export const IssueRequestInput = z.object({ regimeId: Id }).strict();
export type IssueRequestInput = z.infer<typeof IssueRequestInput>;
export const IssueRequestResult = z.object({
  regimeId: Id,
  /** The packets in the order each lower system receives them: catalogues, templates, the regime. */
  packets: z.array(z.object({ id: Id, type: PacketType })),
  peers: z.array(z.object({ peerId: Id, unitId: Id, unitName: z.string() })),
});
export type IssueRequestResult = z.infer<typeof IssueRequestResult>;

/**
 * Sets up this system's template and regime from a request from above in one step: the requesting unit
 * (default: the unit that received the request), the one unit that compiles the answer, and the local
 * deadline (periodic: a rule, default 2 working days after the cutoff; ad hoc: a day, default the request's).
 */
export const SetupRequestInput = z
  .object({
    requestingUnitId: Id.optional(),
    reportingUnitId: Id,
    deadlineRule: DeadlineRuleSchema.optional(),
    dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD').optional(),
  })
  .strict();
export type SetupRequestInput = z.infer<typeof SetupRequestInput>;
export const ImportIdParam = z.object({ importId: Id }).strict();
export const SetupRequestResult = z.object({ importId: Id, regimeId: Id, regimeCode: z.string(), templateIds: z.array(Id) });
export type SetupRequestResult = z.infer<typeof SetupRequestResult>;

export const ReportIdParam = z.object({ assignmentId: Id }).strict();

/** A report of this system answered by a lower system's packet: whose figures, which packet. */
export const ReceivedAnswer = z.object({
  packetId: Id,
  assignmentId: Id,
  versionNumber: z.number().int(),
  regimeCode: z.string(),
  templateCode: z.string(),
  periodKey: z.string(),
  unitId: Id,
  unitCode: z.string(),
  unitName: z.string(),
  sourceReportId: Id,
  sourceVersion: z.number().int(),
  sourceSubmittedAt: z.string(),
  receivedAt: z.string(),
  /** Facts of this version still current (false once a later answer superseded it). */
  current: z.boolean(),
  facts: z.number().int(),
});
export type ReceivedAnswer = z.infer<typeof ReceivedAnswer>;
export const ReceivedAnswerQuery = z.object({ regimeId: Id.optional() }).strict();
