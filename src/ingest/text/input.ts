// Checks that bytes are text before extraction: binary files (NUL bytes) and invalid UTF-8
// are refused with a typed error rather than decoded into replacement characters.

/**
 * The largest report text extraction takes (2 MiB): reports are short, and extraction time
 * grows with length, so a bigger input is refused rather than left to run.
 */
export const MAX_REPORT_TEXT_BYTES = 2 * 1024 * 1024;

export type TextInput =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: { readonly code: 'binary-input' | 'invalid-utf8'; readonly message: string } };

export function checkText(bytes: Uint8Array): TextInput {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, error: { code: 'binary-input', message: `input looks binary (NUL byte at offset ${nul}); extract reads UTF-8 text only` } };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return { ok: false, error: { code: 'invalid-utf8', message: 'input is not valid UTF-8 text' } };
  }
}
