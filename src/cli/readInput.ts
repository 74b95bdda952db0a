// Reads a file or stdin with a size cap, so a 100 MB paste is refused without being buffered whole.
// The bytes land in shared memory: a big bundle's elements are then handed to judge threads
// without a copy (parseStixInput.ts). On this kind of machine a fresh 50 MB copy cost 0.2 s,
// mostly in first-touch page faults.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export type InputBytes = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly code: string; readonly message: string };

export async function readInput(source: string, stdin: Readable, maxBytes: number): Promise<InputBytes> {
  if (source !== '-') {
    try {
      const info = await stat(source);
      if (!info.isFile()) return { ok: false, code: 'not-a-file', message: `${source} is not a regular file` };
      if (info.size > maxBytes) {
        return { ok: false, code: 'input-too-large', message: `${source} is ${info.size} bytes; the limit is ${maxBytes} bytes` };
      }
    } catch (error) {
      return { ok: false, code: 'unreadable', message: `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
    }
  }
  const stream = source === '-' ? stdin : createReadStream(source);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.byteLength;
      if (size > maxBytes) {
        if (source !== '-') (stream as ReturnType<typeof createReadStream>).destroy();
        return { ok: false, code: 'input-too-large', message: `input exceeds the limit of ${maxBytes} bytes` };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    return { ok: false, code: 'unreadable', message: `cannot read ${source}: ${(error as Error).message}` };
  }
  const bytes = Buffer.from(new SharedArrayBuffer(size));
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(bytes, at);
  return { ok: true, bytes };
}
