// Enough MIME (RFC 2045-2047) to read every byte of a message as its reader would: headers
// unfolded with encoded-words decoded, and every leaf part of every multipart decoded from
// base64 or quoted-printable. The leak scan looks at the raw message and at all of these, so
// nothing can hide behind a transfer encoding.

export interface MimeLeaf {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface DecodedMessage {
  /** Top-level headers, unfolded, encoded-words decoded. */
  readonly headers: Readonly<Record<string, string>>;
  /** Every leaf part (a single-part message is one leaf). */
  readonly leaves: readonly MimeLeaf[];
}

function decodeQuotedPrintable(text: string, headerMode: boolean): Buffer {
  const soft = headerMode ? text.replace(/_/g, ' ') : text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    const c = soft[i] as string;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded-words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`); adjacent words join without the space between. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      (encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text, true)).toString('utf8'));
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeEncodedWords(line.slice(colon + 1).trim());
    headers[name] = headers[name] === undefined ? value : `${headers[name]}\n${value}`;
  }
  return headers;
}

function decodeBody(text: string, encoding: string | undefined): Buffer {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (e === 'quoted-printable') return decodeQuotedPrintable(text, false);
  return Buffer.from(text, 'utf8');
}

function splitHead(text: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (match === null) return { head: text, body: '' };
  return { head: text.slice(0, match.index), body: text.slice(match.index + match[0].length) };
}

export function decodeMessage(raw: Buffer): DecodedMessage {
  const { head, body } = splitHead(raw.toString('utf8'));
  const headers = parseHeaders(head);
  const leaves: MimeLeaf[] = [];
  const walk = (partHeaders: Record<string, string>, partBody: string, depth: number): void => {
    const type = partHeaders['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";\s]+)"?/i.exec(type)?.[1];
    if (depth > 8 || boundary === undefined || !/^multipart\//i.test(type)) {
      leaves.push({ headers: partHeaders, body: decodeBody(partBody, partHeaders['content-transfer-encoding']) });
      return;
    }
    for (const section of partBody.split(`--${boundary}`).slice(1)) {
      if (section.startsWith('--')) break;
      const part = splitHead(section.replace(/^\r?\n/, ''));
      walk(parseHeaders(part.head), part.body.replace(/\r?\n$/, ''), depth + 1);
    }
  };
  walk(headers, body, 0);
  return { headers, leaves };
}
