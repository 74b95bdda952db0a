// Small validators for hand-written JSON configuration (partner profiles, release policies):
// each check appends a typed error instead of throwing, so a file reports every problem at once.

export type ConfigErrorCode = 'required' | 'type' | 'format' | 'enum' | 'unknown-key';

export interface ConfigError {
  /** Where, e.g. `consents[0].originator`; '' for the document itself. */
  readonly path: string;
  readonly code: ConfigErrorCode;
  readonly message: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

const STIX_ID = /^([a-z][a-z0-9-]{1,248}[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A STIX identifier (STIX 2.1 §2.9), optionally of one type. */
export function isStixId(value: unknown, type?: string): value is string {
  if (typeof value !== 'string') return false;
  const m = STIX_ID.exec(value);
  return m !== null && (type === undefined || m[1] === type);
}

/** RFC 3339 timestamp in UTC, as STIX writes them (STIX 2.1 §3.2). */
export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

export class Checker {
  readonly errors: ConfigError[] = [];

  add(path: string, code: ConfigErrorCode, message: string): void {
    this.errors.push({ path, code, message });
  }

  /** Reports keys outside `allowed` (a misspelt key would otherwise be ignored silently). */
  onlyKeys(obj: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add(at(path, key), 'unknown-key', `unknown key "${key}"; expected one of: ${allowed.join(', ')}`);
    }
  }

  string(obj: Record<string, unknown>, path: string, key: string, required: boolean): string | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(at(path, key), 'required', `"${key}" is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.add(at(path, key), 'type', `"${key}" must be a non-empty string`);
      return undefined;
    }
    return v;
  }

  stringList(obj: Record<string, unknown>, path: string, key: string, required: boolean): string[] | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(at(path, key), 'required', `"${key}" is required (a list of strings, possibly empty)`);
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.add(at(path, key), 'type', `"${key}" must be a list of strings`);
      return undefined;
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') this.add(at(at(path, key), i), 'type', 'must be a non-empty string');
      else out.push(item);
    });
    return out;
  }

  oneOf<T extends string>(obj: Record<string, unknown>, path: string, key: string, values: readonly T[], required: boolean): T | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(at(path, key), 'required', `"${key}" is required (one of ${values.join(', ')})`);
      return undefined;
    }
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.add(at(path, key), 'enum', `"${key}" must be one of ${values.join(', ')}; got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v as T;
  }

  stixId(obj: Record<string, unknown>, path: string, key: string, type: string | undefined, required: boolean): string | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(at(path, key), 'required', `"${key}" is required`);
      return undefined;
    }
    if (!isStixId(v, type)) {
      this.add(at(path, key), 'format', `"${key}" must be a STIX identifier${type ? ` of type ${type}` : ''} (${type ?? 'type'}--<uuid>); got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  }
}
