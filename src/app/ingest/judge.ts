// Judging one input item: parse it when it arrives as text, validate it, and derive the rows
// the store keeps. Pure and per item, so it can run anywhere, including a worker thread;
// rules that need the whole input (duplicates, references) stay with the caller.
import type { StixObject } from '../../domain/stix/object.ts';
import { validateObject } from '../../domain/stix/index.ts';
import type { ObjectWrite } from '../ports.ts';
import { toObjectWrite } from '../objectWrite.ts';
import type { IngestIssue } from './outcome.ts';
import { RawText } from './rawText.ts';

export interface JudgedValue {
  readonly objectId?: string;
  /** Present when the item is valid. */
  readonly row?: ObjectWrite;
  readonly errors: readonly IngestIssue[];
  readonly warnings: readonly IngestIssue[];
}

/** Judges a batch whose first item is input item `firstIndex`. */
export type BatchJudge = (values: readonly unknown[], firstIndex: number) => Promise<readonly JudgedValue[]>;

export function judgeValue(value: unknown, index: number): JudgedValue {
  const basePath = `objects[${index}]`;
  if (value instanceof RawText) {
    const where = value.line === undefined ? basePath : `line ${value.line}`;
    const text = value.text;
    if (text === undefined) {
      return { errors: [{ index, path: basePath, code: 'invalid-utf8', message: `${where} is not valid UTF-8 (RFC 8259 §8.1 requires UTF-8 JSON)` }], warnings: [] };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { errors: [{ index, path: basePath, code: 'malformed-json', message: `${where} is not valid JSON: ${(error as Error).message}` }], warnings: [] };
    }
    return judgeParsed(parsed, index, basePath);
  }
  return judgeParsed(value, index, basePath);
}

function judgeParsed(value: unknown, index: number, basePath: string): JudgedValue {
  const result = validateObject(value, basePath);
  const objectId = readableId(value);
  const tag = (issue: { path: string; code: string; message: string }): IngestIssue =>
    objectId === undefined ? { index, ...issue } : { objectId, index, ...issue };
  const warnings = result.warnings.map(tag);
  if (result.errors.length > 0) return { objectId, errors: result.errors.map(tag), warnings };
  return { objectId, row: toObjectWrite(value as StixObject), errors: [], warnings };
}

export const judgeInThread: BatchJudge = async (values, firstIndex) => values.map((value, i) => judgeValue(value, firstIndex + i));

function readableId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'string' && id.length <= 300 ? id : undefined;
}
