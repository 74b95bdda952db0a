// Pretty-printed JSON with its tokens coloured, built as React elements (no innerHTML, so
// stored text can never become markup). STIX identifiers in values link to that object.
import type { ReactNode } from 'react';
import { hrefFor } from '../routing.ts';

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** STIX 2.1 §2.9: an identifier is `type--UUID`. */
const STIX_ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface JsonViewProps {
  readonly value: unknown;
  readonly label: string;
}

export function JsonView({ value, label }: JsonViewProps) {
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      <code>{highlight(JSON.stringify(value, null, 2))}</code>
    </pre>
  );
}

function highlight(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let key = '';
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    if (start > last) out.push(text.slice(last, start));
    const [token, quoted, colon] = match;
    if (quoted !== undefined && colon !== undefined) {
      key = JSON.parse(quoted) as string;
      out.push(<span key={start} className="json-key">{quoted}</span>, colon);
    } else if (quoted !== undefined) {
      out.push(stringToken(quoted, key, start));
    } else {
      out.push(<span key={start} className={match[3] === undefined ? 'json-number' : 'json-literal'}>{token}</span>);
    }
    last = start + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function stringToken(quoted: string, key: string, position: number): ReactNode {
  const value = JSON.parse(quoted) as string;
  // An object's own `id` needs no link to itself; references (`*_ref`, `*_refs`, ...) do.
  if (key !== 'id' && STIX_ID.test(value)) {
    return (
      <a key={position} className="json-string json-ref" href={hrefFor('objects', value)}>
        {quoted}
      </a>
    );
  }
  return <span key={position} className="json-string">{quoted}</span>;
}
