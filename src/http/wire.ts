// Request and response shapes of the HTTP endpoints the web UI uses, shared by the server
// and web/ (web/tsconfig.json includes this one file). Plain types only: no imports, no
// runtime code, so the browser bundle can import it without pulling in server modules.

/** The body of every error response (src/http/errors.ts writes it). */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** GET /api/health */
export interface HealthResponse {
  readonly status: 'ok';
  readonly version: string;
}

/** A STIX object as stored: the common properties the UI reads, everything else untyped. */
export interface StixObjectJson {
  readonly type: string;
  readonly id: string;
  readonly spec_version?: string;
  readonly created?: string;
  readonly modified?: string;
  readonly name?: string;
  readonly revoked?: boolean;
  readonly [property: string]: unknown;
}

/** GET /api/objects?type=a,b&limit=N&cursor=C: latest versions; `next` is absent on the last page. */
export interface ObjectsQuery {
  readonly type?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ObjectsPage {
  readonly objects: readonly StixObjectJson[];
  readonly next?: string;
}

/** GET /api/objects/:id: every stored version, oldest first. */
export interface ObjectVersionsResponse {
  readonly id: string;
  readonly versions: readonly StixObjectJson[];
}

/** One reason an object (or the whole input) was rejected, or a warning about it. */
export interface IngestIssueJson {
  readonly objectId?: string;
  readonly index?: number;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** What POST /api/ingest reads: by `format`, else by Content-Type (JSON: stix, text/plain: text, text/csv: csv). */
export type IngestFormatName = 'stix' | 'misp' | 'csv' | 'text';

/** What the text extractor marks in a report (src/ingest/text/mention.ts). */
export type MentionKindName = 'group' | 'person' | 'place' | 'site' | 'date' | 'observable' | 'method' | 'marking';

/** One thing found in a text: `text` is exactly text.slice(start, end) (UTF-16 offsets). */
export interface MentionJson {
  readonly kind: MentionKindName;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** What it resolved to (a place with coordinates, a date, a marking…); its shape depends on the kind. */
  readonly value: unknown;
}

/** The extraction of a report text, returned with its ingest. */
export interface TextExtractionJson {
  /** The publication date relative dates were resolved against (YYYY-MM-DD). */
  readonly published: string;
  /** given: the `published` parameter; stated: the text's dateline; today: neither. */
  readonly publishedFrom: 'given' | 'stated' | 'today';
  /** The STIX report built from the text. */
  readonly reportId?: string;
  /** How many STIX objects the text became. */
  readonly objectCount: number;
  readonly mentions: readonly MentionJson[];
}

/**
 * POST /api/ingest?partial=true|false&format=stix|misp|csv|text&published=YYYY-MM-DD&name=N
 * with the input as the body: a STIX bundle or object (`application/json` or
 * `application/stix+json`), a MISP event (JSON with format=misp), a report text
 * (`text/plain`) or an indicator CSV (`text/csv`).
 *
 * Status: 200 when nothing was rejected; 207 when a partial ingest stored some objects
 * and rejected others; 422 when nothing was stored because of errors; 400 for bytes that
 * are not what the format says (not JSON, not UTF-8, binary) or a bad parameter; 413 above
 * the body limit; 415 for any other content type.
 */
export interface IngestResponse {
  /** Whether anything was written. */
  readonly committed: boolean;
  readonly partial: boolean;
  /** 'bundle' or 'object' when the input was read as STIX, absent when it could not be. */
  readonly kind?: 'bundle' | 'object';
  readonly received: number;
  readonly stored: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Every error, in the order found. */
  readonly errors: readonly IngestIssueJson[];
  /** How many warnings there were in all; `warnings` holds at most the first 100. */
  readonly warningCount: number;
  readonly warnings: readonly IngestIssueJson[];
  /** The format the input was read as (absent from servers before text ingest over REST). */
  readonly format?: IngestFormatName;
  /** For a report text: what the extractor found in it. */
  readonly extraction?: TextExtractionJson;
}

// ---------------------------------------------------------------------------------------
// Authentication (src/http/auth/routes.ts). Every /api route but health and sign-in needs a
// session; state-changing requests carry `X-CSRF-Token: <csrfToken>`.

/** The roles of DOMAIN.md §1 (src/domain/warning/roles.ts). */
export type RoleName =
  | 'analyst'
  | 'duty_to_warn_officer'
  | 'legal_counsel'
  | 'foreign_disclosure_officer'
  | 'originator'
  | 'delivery_officer'
  | 'oversight'
  | 'administrator';

/** What roles open (src/domain/people/permissions.ts). */
export type PermissionName =
  | 'objects.read'
  | 'objects.ingest'
  | 'warnings.read'
  | 'warnings.draft'
  | 'warnings.decide'
  | 'warnings.deliver'
  | 'waivers.read'
  | 'audit.read'
  | 'users.read'
  | 'users.manage'
  | 'partners.manage'
  | 'config.read';

/** U < C < S < TS (DOMAIN.md §2). */
export type ClassificationCode = 'U' | 'C' | 'S' | 'TS';

export interface UserJson {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly RoleName[];
  readonly clearance: ClassificationCode;
  readonly compartments: readonly string[];
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** POST /api/auth/login */
export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

/** 200 of POST /api/auth/login; also sets the HttpOnly `tearline_session` cookie. 401 invalid-credentials, 429 throttled. */
export interface LoginResponse {
  readonly user: UserJson;
  readonly permissions: readonly PermissionName[];
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly mustChangePassword: boolean;
}

/** GET /api/auth/me; 401 when not signed in. `csrfToken` only for cookie sessions. */
export interface MeResponse {
  readonly user: UserJson;
  readonly permissions: readonly PermissionName[];
  readonly via: 'session' | 'token';
  readonly csrfToken?: string;
}

/** POST /api/auth/password -> 204; 403 wrong-password, 400 weak-password. */
export interface ChangePasswordRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
}

// ---------------------------------------------------------------------------------------
// Threats (src/http/api/threats.ts, src/app/fusion/threatView.ts).

export type ThreatStatusName = 'active' | 'merged' | 'retired';
/** DOMAIN.md §1: I1 within 72 h, I2 within 30 days, I3 later or unknown. */
export type ImminenceName = 'I1' | 'I2' | 'I3' | 'expired';
export type PriorityBandName = 'P1' | 'P2' | 'P3' | 'P4';
/** DOMAIN.md §3 specificity dimensions, each 0 unknown, 1 general, 2 specific. */
export type SpecificityDimensionName = 'who' | 'target' | 'when' | 'how' | 'victim' | 'location';
export type SpecificityVectorJson = Readonly<Record<SpecificityDimensionName, 0 | 1 | 2>>;

export interface TimeWindowJson {
  readonly start: string;
  readonly end: string;
}

/** One row of GET /api/threats?limit=N&cursor=C&status=active|merged|retired, in priority order. */
export interface ThreatListItemJson {
  readonly id: string;
  readonly name: string;
  readonly status: ThreatStatusName;
  readonly mergedInto: string | null;
  readonly reportCount: number;
  readonly priority: { readonly band: PriorityBandName; readonly score: number } | null;
  readonly dutyToWarn: boolean;
  readonly imminence: ImminenceName | null;
  /** Hours from the server's now to the window's start (negative once open). */
  readonly hoursToStart: number | null;
  /** The duty-to-warn workflow's next deadline; the threats API always sends null today. */
  readonly nextDeadline: string | null;
  readonly nextReassessment: string | null;
  /** Admiralty information credibility 1-6 and its STIX confidence. */
  readonly credibility: { readonly grade: number; readonly confidence: number | null } | null;
  readonly specificity: { readonly vector: SpecificityVectorJson; readonly total: number } | null;
  readonly harm: string | null;
  readonly severity: number | null;
  readonly window: TimeWindowJson | null;
  readonly assessedAt: string | null;
  readonly updatedAt: string;
}

export interface ThreatsPage {
  readonly threats: readonly ThreatListItemJson[];
  readonly next?: string;
}

export type EvidenceRuleName = 'observable' | 'actor' | 'place' | 'area' | 'target' | 'target-category' | 'method' | 'time' | 'time-disjoint';

export interface EvidenceJson {
  readonly rule: EvidenceRuleName;
  readonly values: readonly string[];
  readonly weight: number;
  /** The reports on the threat's side that carry the matched facts. */
  readonly reportIds: readonly string[];
}

export interface SuppressedValueJson {
  readonly value: string;
  readonly reason: 'warning-list' | 'cap';
  readonly detail: string;
}

export interface ThreatReportJson {
  readonly id: string;
  readonly title: string;
  readonly published: string | null;
  readonly sourceId: string | null;
  /** Admiralty code as graded by the source, e.g. "B2". */
  readonly grade: string;
  /** Extracted automatically and not yet confirmed by an analyst. */
  readonly automatic: boolean;
  readonly addedAt: string;
  readonly reason: string;
  readonly window: TimeWindowJson | null;
  readonly suppressed: readonly SuppressedValueJson[];
}

export interface ThreatLinkJson {
  readonly reportId: string;
  readonly reportTitle: string | null;
  /** The report is in this threat; otherwise the link is a suggestion from elsewhere. */
  readonly member: boolean;
  readonly againstId: string;
  readonly score: number;
  readonly joinable: boolean;
  readonly anchor: string;
  readonly rejected: boolean;
  readonly evidence: readonly EvidenceJson[];
  readonly computedAt: string;
}

/** The assessment (src/domain/assessment/assess.ts): the parts the workbench shows. */
export interface AssessmentJson {
  readonly threatId: string;
  readonly assessedAt: string;
  readonly inputs: {
    readonly reportIds: readonly string[];
    readonly actors: readonly string[];
    readonly places: readonly string[];
    readonly methods: readonly string[];
    readonly targets: readonly string[];
    readonly window: { readonly start: string; readonly end: string; readonly reportId: string } | null;
  };
  readonly credibility: {
    readonly grade: number;
    /** Absent for grade 6 (cannot be judged). */
    readonly confidence?: number;
    readonly reports: readonly {
      readonly reportId: string;
      readonly reliability: string;
      readonly credibility: number;
      readonly sourceId: string | null;
      readonly effectiveCredibility: number;
      readonly capped: boolean;
    }[];
    readonly origins: readonly { readonly reportIds: readonly string[]; readonly sourceIds: readonly string[]; readonly bestCredibility: number; readonly corroborates: boolean }[];
    readonly agreeingOrigins: number;
    readonly explanation: readonly string[];
  };
  readonly specificity: { readonly vector: SpecificityVectorJson; readonly total: number; readonly reasons: Readonly<Record<SpecificityDimensionName, string>> };
  readonly imminence: { readonly class: ImminenceName; readonly hoursToStart: number | null; readonly sunset: string | null; readonly reason: string };
  readonly harm: { readonly harm: string; readonly methods: readonly string[]; readonly reason: string };
  readonly severity: { readonly level: number; readonly label: string; readonly reason: string };
  readonly dutyToWarn: {
    readonly triggered: boolean;
    readonly reasons: readonly { readonly code: string; readonly met: boolean; readonly detail: string }[];
    readonly sunset: string | null;
  };
  readonly priority: {
    readonly score: number;
    readonly band: PriorityBandName;
    readonly components: readonly { readonly name: string; readonly share: number; readonly weight: number; readonly points: number }[];
    readonly explanation: readonly string[];
  };
  /** One line per contributing rule, prefixed by its part ("credibility: …", "priority: …"). */
  readonly explanation: readonly string[];
}

export type AnalystDecisionJson =
  | { readonly kind: 'pin'; readonly reportId: string; readonly threatId: string }
  | { readonly kind: 'reject'; readonly reportId: string; readonly threatId: string }
  | { readonly kind: 'merge'; readonly threatId: string; readonly reportIds: readonly string[] }
  | { readonly kind: 'split'; readonly parts: readonly { readonly threatId: string; readonly reportIds: readonly string[] }[] };

export interface ThreatDecisionJson {
  readonly seq: number;
  readonly decidedAt: string;
  readonly actor: string;
  readonly decision: AnalystDecisionJson;
  readonly note: string | null;
}

export interface ThreatSummaryJson {
  readonly assessedAt: string;
  readonly priority: { readonly band: PriorityBandName; readonly score: number };
  readonly dutyToWarn: boolean;
  readonly imminence: ImminenceName;
  readonly credibility: { readonly grade: number; readonly confidence: number | null };
  readonly specificity: { readonly vector: SpecificityVectorJson; readonly total: number };
  readonly harm: string;
  readonly severity: number;
  readonly window: TimeWindowJson | null;
  readonly sunset: string | null;
}

/** GET /api/threats/:id (404 for hidden and absent alike). */
export interface ThreatDetailJson extends ThreatListItemJson {
  readonly reports: readonly ThreatReportJson[];
  readonly actors: readonly { readonly id: string; readonly names: readonly string[]; readonly kind: string; readonly reportIds: readonly string[] }[];
  readonly places: readonly { readonly id: string; readonly name: string; readonly kind: string; readonly lat?: number; readonly lon?: number; readonly reportIds: readonly string[] }[];
  readonly methods: readonly { readonly id: string; readonly name: string; readonly kind: string; readonly reportIds: readonly string[] }[];
  readonly targets: readonly { readonly id: string; readonly name: string; readonly role: string; readonly specific: boolean; readonly reportIds: readonly string[] }[];
  readonly observables: readonly { readonly type: string; readonly value: string; readonly reportIds: readonly string[] }[];
  readonly links: readonly ThreatLinkJson[];
  readonly assessment: AssessmentJson | null;
  readonly history: readonly { readonly seq: number; readonly assessedAt: string; readonly trigger: string; readonly summary: ThreatSummaryJson }[];
  readonly decisions: readonly ThreatDecisionJson[];
}

/** POST /api/threats/:id/merge */
export interface MergeThreatsRequest {
  readonly threatIds: readonly string[];
  readonly note?: string;
}
/** POST /api/threats/:id/split */
export interface SplitThreatRequest {
  readonly reportIds: readonly string[];
  readonly note?: string;
}
/** POST /api/threats/:id/pin and /reject */
export interface ReportDecisionRequest {
  readonly reportId: string;
  readonly note?: string;
}
/** 200 of every threat decision: the decision and the threats it changed (as the caller may see them). */
export interface ThreatDecisionResponse {
  readonly decision: ThreatDecisionJson;
  readonly threats: readonly ThreatDetailJson[];
}

// ---------------------------------------------------------------------------------------
// Audit (src/http/api/audit.ts): audit.read (oversight, administrator).

/** GET /api/audit?actor=&action=&subject=&threat=&partner=&from=&to=&limit=&cursor= (from inclusive, to exclusive). */
export interface AuditQueryJson {
  readonly actor?: string;
  readonly action?: string;
  readonly subject?: string;
  readonly threat?: string;
  readonly partner?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface AuditEntryJson {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly reason: string | null;
  readonly before: string | null;
  readonly after: string | null;
  readonly threat: string | null;
  readonly partner: string | null;
  readonly details: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

/** Newest first. */
export interface AuditPage {
  readonly entries: readonly AuditEntryJson[];
  readonly next?: string;
}

/** GET /api/audit/verify */
export interface AuditVerifyResponse {
  readonly ok: boolean;
  readonly entries: number;
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly break?: { readonly kind: string; readonly position: number; readonly message: string };
}

// ---------------------------------------------------------------------------------------
// Partners and tearlines (src/http/api/partners.ts, tearline.ts; docs/partner-profile.md).

export interface PartnerProfileJson {
  readonly name: string;
  readonly identity_ref: string;
  readonly country: string;
  readonly organization: string;
  readonly clearance: ClassificationCode;
  readonly communities: readonly string[];
  readonly channels?: readonly { readonly kind: string; readonly address?: string; readonly note?: string }[];
  readonly consents?: readonly { readonly type: string; readonly originator?: string; readonly max_tlp?: string; readonly granted_by?: string; readonly granted_at?: string; readonly reference?: string; readonly objects?: readonly string[] }[];
  readonly sharing_scopes?: readonly string[];
  readonly description?: string;
}

export interface PartnerJson {
  /** The handle used in URLs and previews. */
  readonly name: string;
  readonly version: number;
  readonly identityRef: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly profile: PartnerProfileJson;
}

/** GET /api/partners (objects.read): active partners, by name. */
export interface PartnersResponse {
  readonly partners: readonly PartnerJson[];
}

/** POST /api/tearline/preview (warnings.read): nothing is stored or released. */
export interface TearlinePreviewRequest {
  readonly partner: string;
  readonly objectIds?: readonly string[];
  readonly threatId?: string;
  readonly mode?: 'release' | 'disclosure';
}

/** Why a portion stays (src/policy/reasons.ts). */
export interface ReleaseReasonJson {
  readonly code: string;
  readonly message: string;
}

export interface WithheldObjectJson {
  readonly id: string;
  readonly type: string;
  readonly reasons: readonly ReleaseReasonJson[];
}

export interface RedactedPropertyJson {
  readonly id: string;
  /** The removed or replaced property, as a STIX selector in the original object. */
  readonly selector: string;
  readonly reasons: readonly ReleaseReasonJson[];
}

/** A product's rolled-up marking (src/domain/markings/rollup.ts). */
export interface ProductMarkingJson {
  readonly marking: { readonly classification?: ClassificationCode; readonly [property: string]: unknown };
  /** e.g. `SECRET//REL TO USA, SYR`. */
  readonly banner: string;
  readonly tlp?: string;
  readonly pap?: string;
}

export interface TearlinePreviewResponse {
  readonly bundle: { readonly type: 'bundle'; readonly id: string; readonly objects?: readonly StixObjectJson[] };
  readonly withheld: readonly WithheldObjectJson[];
  readonly redacted: readonly RedactedPropertyJson[];
  readonly marking: ProductMarkingJson;
  readonly basis: { readonly partner: string; readonly partnerVersion: number; readonly policyVersion: number | null; readonly mode: 'release' | 'disclosure'; readonly objects: number };
}

// ---------------------------------------------------------------------------------------
// Duty-to-warn cases (src/http/api/warnings.ts, src/app/warning/caseView.ts; DOMAIN.md §1).

export type WarningStateName =
  | 'reported'
  | 'screening'
  | 'not_triggered'
  | 'duty_established'
  | 'waiver_review'
  | 'waived'
  | 'warning_prep'
  | 'release_review'
  | 'delivery'
  | 'delivered'
  | 'acknowledged'
  | 'monitoring'
  | 'closed'
  | 'escalated';

/** One row of GET /api/warnings?limit=N&cursor=C&state=S[,S…] */
export interface WarningCaseListItemJson {
  readonly caseId: string;
  readonly threatId: string | null;
  readonly version: number;
  readonly state: WarningStateName;
  readonly summary: string;
  readonly reportedAt: string;
  readonly updatedAt: string;
  readonly orcon: boolean;
  readonly imminence: string;
  /** The soonest deadline still running and not fired. */
  readonly nextDeadline: { readonly stage: string; readonly dueAt: string; readonly overdue: boolean } | null;
}

export interface WarningCasesPage {
  readonly cases: readonly WarningCaseListItemJson[];
  readonly next?: string;
}

export interface RecipientJson {
  readonly name: string;
  readonly organisation: string | null;
  readonly country: string | null;
}

export interface ScreeningJson {
  readonly harmType: 'killing' | 'serious_bodily_injury' | 'kidnapping' | 'other';
  readonly victim: { readonly identity: string; readonly nationality: string; readonly country: string };
  readonly credibility: { readonly sourceReliability: string; readonly informationCredibility: number };
  readonly specificity: SpecificityVectorJson;
  readonly imminence: 'I1' | 'I2' | 'I3';
  readonly window: { readonly start: string | null; readonly end: string | null };
}

/** The case value (src/domain/warning/case.ts): the parts the workbench reads. */
export interface WarningCaseJson {
  readonly id: string;
  readonly summary: string;
  readonly reportRefs: readonly string[];
  readonly state: WarningStateName;
  readonly orcon: boolean;
  readonly imminenceHint: string;
  readonly cycle: {
    readonly number: number;
    readonly startedAt: string;
    readonly screening: (ScreeningJson & { readonly recordedAt: string; readonly recordedBy: string }) | null;
    readonly duty: { readonly establishedAt: string; readonly establishedBy: string; readonly basis: string } | null;
    readonly notTriggered: { readonly foundAt: string; readonly foundBy: string; readonly reason: string } | null;
    readonly decision: { readonly kind: string; readonly at: string } | null;
    readonly warning: { readonly productHash: string; readonly summary: string; readonly recipient: RecipientJson; readonly sunset: string; readonly draftedAt: string; readonly draftedBy: string } | null;
    readonly drafters: readonly string[];
    readonly releaseApprovals: readonly { readonly userId: string; readonly role: string; readonly productHash: string; readonly at: string }[];
    readonly submittedAt: string | null;
    readonly releaseApprovedAt: string | null;
  };
  readonly waivers: readonly {
    readonly cycle: number;
    readonly proposedBy: string;
    readonly proposedAt: string;
    readonly reasons: readonly { readonly reason: string; readonly justification: string }[];
    readonly reReviewAt: string;
    readonly status: string;
  }[];
  readonly deliveries: readonly { readonly channel: string; readonly kind: string; readonly recipient: RecipientJson; readonly deliveredAt: string; readonly deliveredBy: string; readonly productHash: string }[];
  readonly acknowledgement: { readonly acknowledgedBy: string; readonly channel: string; readonly acknowledgedAt: string; readonly recordedBy: string; readonly note: string | null } | null;
  readonly closure: { readonly outcome: string; readonly note: string | null; readonly at: string; readonly by: string } | null;
  readonly updatedAt: string;
}

export interface WarningEventJson {
  readonly type: string;
  readonly caseId: string;
  readonly at: string;
  readonly actorId: string;
  readonly from: WarningStateName | null;
  readonly to: WarningStateName;
  readonly [property: string]: unknown;
}

export interface FrozenProductJson {
  readonly productId: string;
  readonly caseId: string;
  readonly sha256: string;
  /** Empty, with `withheld` set, when the reader is not cleared for the product's banner. */
  readonly bundleJson: string;
  readonly banner: string;
  readonly warningText: string;
  readonly partnerName: string;
  readonly channels: readonly ('taxii' | 'webhook' | 'email')[];
  readonly frozenAt: string;
  readonly frozenBy: string;
  readonly withheld?: string;
}

/** GET /api/warnings/:caseId */
export interface WarningCaseDetailJson {
  readonly case: WarningCaseJson;
  readonly version: number;
  readonly threatId: string | null;
  readonly timeline: {
    readonly reportedAt: string;
    readonly flaggedAt: string | null;
    readonly screenedAt: string | null;
    readonly triggeredAt: string | null;
    readonly decidedAt: string | null;
    readonly decision: string | null;
    readonly approvedAt: string | null;
    readonly deliveredAt: string | null;
    readonly acknowledgedAt: string | null;
    readonly closedAt: string | null;
    readonly outcome: string | null;
  };
  readonly deadlines: readonly { readonly key: string; readonly stage: string; readonly dueAt: string; readonly measuredFrom: string; readonly imminence: string | null; readonly status: 'running' | 'due' | 'fired' }[];
  readonly approvals: readonly { readonly kind: 'release' | 'waiver'; readonly by: string; readonly role: string; readonly at: string; readonly cycle: number; readonly productHash: string | null }[];
  readonly history: readonly { readonly version: number; readonly state: WarningStateName; readonly at: string; readonly by: string | null; readonly events: readonly string[] }[];
  readonly events: readonly WarningEventJson[];
  readonly products: readonly FrozenProductJson[];
  readonly deliveries: readonly { readonly [property: string]: unknown }[];
  readonly waiversVisible: boolean;
}

/** POST /api/warnings/:caseId/commands: a WarningCommand (src/domain/warning/commands.ts) -> {case}. */
export interface WarningCommandJson {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface WarningCommandResponse {
  readonly case: WarningCaseJson;
}

/** POST /api/warnings/:caseId/draft */
export interface DraftWarningRequest {
  readonly partnerName: string;
  readonly warningText: string;
  readonly summary?: string;
  readonly sunset?: string;
  readonly channels?: readonly ('taxii' | 'webhook' | 'email')[];
}

export interface DraftWarningResponse {
  readonly case: WarningCaseJson;
  readonly product: Omit<FrozenProductJson, 'bundleJson' | 'withheld'>;
}

/** POST /api/warnings/:caseId/release-preview {partnerName}: nothing is stored. */
export interface ReleasePreviewJson {
  readonly caseId: string;
  readonly partnerName: string;
  readonly partnerVersion: number;
  readonly recipient: RecipientJson;
  readonly channels: readonly string[];
  readonly banner: string;
  readonly marking: ProductMarkingJson;
  readonly checks: readonly { readonly rule: string; readonly ok: boolean; readonly detail: string }[];
  readonly releasable: boolean;
  readonly sha256: string;
  readonly objectCount: number;
  readonly contentCount: number;
  readonly bundle: TearlinePreviewResponse['bundle'];
  readonly withheld: readonly WithheldObjectJson[];
  readonly redacted: readonly RedactedPropertyJson[];
}

// ---------------------------------------------------------------------------------------
// Oversight (src/http/api/oversight.ts): waivers.read.

export interface StageFiguresJson {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
}

/** GET /api/oversight?from=&to= (cases by the period their first report arrived in). */
export interface OversightReportJson {
  readonly from: string | null;
  readonly to: string | null;
  readonly cases: {
    readonly total: number;
    readonly byState: Readonly<Record<string, number>>;
    readonly byOutcome: Readonly<Record<string, number>>;
    readonly byDecision: Readonly<Record<string, number>>;
  };
  readonly timeToWarn: Readonly<Record<string, StageFiguresJson>>;
  readonly deadlineBreaches: { readonly total: number; readonly byStage: Readonly<Record<string, number>>; readonly cases: number };
  readonly waivers: {
    readonly proposed: number;
    readonly approved: number;
    readonly rejected: number;
    readonly byReason: Readonly<Record<string, { readonly proposed: number; readonly approved: number; readonly rejected: number }>>;
  };
  readonly deliveries: {
    readonly total: number;
    readonly byChannel: Readonly<Record<string, { readonly delivered: number; readonly failedAttempts: number }>>;
    readonly byKind: Readonly<Record<string, number>>;
  };
  readonly acknowledgement: StageFiguresJson & { readonly unacknowledged: number };
  readonly threats: readonly {
    readonly caseId: string;
    readonly summary: string;
    readonly state: string;
    readonly reportedAt: string;
    readonly flaggedAt: string | null;
    readonly triggeredAt: string | null;
    readonly decidedAt: string | null;
    readonly decision: string | null;
    readonly approvedAt: string | null;
    readonly deliveredAt: string | null;
    readonly acknowledgedAt: string | null;
    readonly closedAt: string | null;
    readonly outcome: string | null;
    readonly breaches: number;
  }[];
}

// ---------------------------------------------------------------------------------------
// Feeds (src/http/api/feeds.ts): remote TAXII collections the server pulls on an interval.

/** How a feed signs in to its server; never the secret itself. */
export type FeedAuthJson =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly secret: 'stored' | 'environment'; readonly env?: string }
  | { readonly kind: 'token'; readonly secret: 'stored' | 'environment'; readonly env?: string };

export interface FeedJson {
  readonly name: string;
  readonly url: string;
  /** The remote collection (id, alias or title) when `url` is not a collection URL. */
  readonly collection: string | null;
  /** The local collection pulled objects join, or null. */
  readonly intoCollection: string | null;
  readonly auth: FeedAuthJson;
  /** Whether the feed trusts an extra certificate authority (set with the CLI). */
  readonly caFile: boolean;
  readonly intervalSeconds: number;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly lastRun: {
    /** running: a scheduler holds it now; never-run: not pulled yet. */
    readonly outcome: 'never-run' | 'running' | 'ok' | 'failed';
    readonly startedAt: string | null;
    readonly finishedAt: string | null;
    /** Objects newly stored by the last run. */
    readonly objects: number | null;
    readonly error: string | null;
  };
  /** When the next pull is due (the last finish plus the interval); null before the first. */
  readonly nextRunAt: string | null;
}

/** GET /api/feeds */
export interface FeedsResponse {
  readonly feeds: readonly FeedJson[];
}

/** POST /api/feeds (partners.manage) -> 201 {feed}; 409 feed-exists, 400 invalid-url, invalid-name, invalid-interval, invalid-auth. */
export interface NewFeedRequest {
  readonly name: string;
  readonly url: string;
  readonly collection?: string;
  readonly into?: string;
  readonly intervalSeconds?: number;
  readonly auth?:
    | { readonly kind: 'none' }
    | { readonly kind: 'basic'; readonly user: string; readonly password?: string; readonly passwordEnv?: string }
    | { readonly kind: 'token'; readonly token?: string; readonly tokenEnv?: string };
}

export interface NewFeedResponse {
  readonly feed: FeedJson;
}

// ---------------------------------------------------------------------------------------
// Users (src/http/api/users.ts): users.read lists, users.manage changes.

/** GET /api/users */
export interface UsersResponse {
  readonly users: readonly UserJson[];
}

/** POST /api/users -> 201 {user, oneTimePassword}: the password is shown once, here. */
export interface NewUserRequest {
  readonly username: string;
  readonly displayName?: string;
  readonly roles: readonly RoleName[];
  readonly clearance: ClassificationCode;
  readonly compartments?: readonly string[];
  readonly reason?: string;
}

export interface NewUserResponse {
  readonly user: UserJson;
  readonly oneTimePassword: string;
}

/** PATCH /api/users/:username -> {user} */
export interface UpdateUserRequest {
  readonly displayName?: string;
  readonly roles?: readonly RoleName[];
  readonly clearance?: ClassificationCode;
  readonly compartments?: readonly string[];
  readonly disabled?: boolean;
  readonly reason?: string;
}

export interface UpdateUserResponse {
  readonly user: UserJson;
}

// ---------------------------------------------------------------------------------------
// Deliveries of a warning case (src/http/api/deliveries.ts, GET /api/warnings/:caseId `deliveries`).

/** pending: queued; sending: a dispatcher holds it; failed: retried later; sent: final; dead: dead letter. */
export type DeliveryStateName = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

/** One outbox row of a case, as GET /api/warnings/:caseId lists them (without the bundle bytes). */
export interface DeliveryOutboxJson {
  readonly id: string;
  readonly caseId: string;
  readonly partnerName: string;
  readonly channel: 'taxii' | 'webhook' | 'email';
  readonly productId: string;
  readonly productSha256: string;
  readonly banner: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly state: DeliveryStateName;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly sentAt: string | null;
  readonly deliveredSha256: string | null;
  readonly receipt: string | null;
  /** 'recorded …', or the workflow's refusal to record it on the case. */
  readonly caseRecord: string | null;
  readonly acknowledgedAt: string | null;
  readonly updatedAt: string;
}

/** A recorded meeting or call (GET /api/deliveries/disclosures?caseId=). */
export interface DisclosureJson {
  readonly id: string;
  readonly caseId: string;
  readonly channel: 'in_person_meeting' | 'phone_call' | 'liaison_meeting';
  readonly kind: 'release' | 'disclosure';
  readonly by: string;
  readonly toName: string;
  readonly toOrganisation: string | null;
  readonly toCountry: string | null;
  readonly at: string;
  readonly place: string;
  readonly substance: string;
  readonly substanceSha256: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface DisclosuresResponse {
  readonly disclosures: readonly DisclosureJson[];
}
