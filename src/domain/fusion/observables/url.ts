// URL normalisation for correlation (RFC 3986 §6.2.2 syntax-based normalisation, applied
// through the WHATWG URL parser Node ships):
// - scheme and host lower case, host in IDNA ASCII form, no trailing dot on the host;
// - the scheme's default port dropped (http 80, https 443, ftp 21, ws 80, wss 443);
// - dot segments removed; percent-escapes of unreserved characters decoded, others upper case;
// - the fragment dropped: it never reaches the server, so two URLs differing only there are
//   one resource;
// - an empty path is "/", and a trailing slash on a longer path is dropped (servers treat
//   "/a" and "/a/" alike far more often than not; we prefer a rare false link to missed ones);
// - an empty query ("?") dropped.
// A value without a scheme is read as http, as defanged and copied indicators often are.

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** The canonical text of a URL, or null when it cannot be parsed. */
export function canonicalUrl(input: string): string | null {
  let text = input.trim();
  if (text === '') return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = `http://${text}`;
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  let host = url.host;
  if (url.hostname.endsWith('.')) host = url.hostname.slice(0, -1) + (url.port === '' ? '' : `:${url.port}`);
  const userinfo = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  let path = normalisePercentEncoding(url.pathname);
  if (path === '') path = '/';
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  const query = url.search === '' || url.search === '?' ? '' : normalisePercentEncoding(url.search);
  // Opaque URLs (mailto:, data:) have no authority: keep them as scheme + path.
  const authority = url.host === '' && !text.slice(url.protocol.length).startsWith('//') ? '' : `//${userinfo}${host}`;
  return `${url.protocol}${authority}${path}${query}`;
}

/** The host part of a canonical URL ('' for opaque URLs). */
export function urlHost(canonical: string): string {
  if (!URL.canParse(canonical)) return '';
  return new URL(canonical).hostname;
}

/** RFC 3986 §6.2.2.1-2: upper-case hex in escapes, and decode escapes of unreserved characters. */
function normalisePercentEncoding(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
