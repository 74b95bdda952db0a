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
  readonly objects: number;
  readonly versions: number;
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

/**
 * POST /api/ingest?partial=true|false with a STIX bundle or object as an
 * `application/json` (or `application/stix+json`) body.
 *
 * Status: 200 when nothing was rejected; 207 when a partial ingest stored some objects
 * and rejected others; 422 when nothing was stored because of errors; 400 for bytes that
 * are not JSON (or not UTF-8); 413 above the body limit; 415 for any other content type.
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
}
