// Display formatting shared by the views.

/** `2024-01-02T03:04:05.678Z` -> `2024-01-02 03:04 UTC`; anything else is shown as given. */
export function formatTimestamp(value: string | undefined): string {
  if (value === undefined) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(value);
  return match === null ? value : `${match[1]} ${match[2]} UTC`;
}

/** `2024-01-02T03:04:05Z` -> `2024-01-02`, for tight columns (the full time goes in a title). */
export function formatDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
}

/**
 * `12345` -> `12,345`, as `toLocaleString('en-GB')` writes it. Counts are whole numbers and
 * are grouped by hand: the first toLocaleString call of a page loads the ICU number data,
 * which cost the threat board's first render tens of milliseconds.
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-GB');
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${digits}` : digits;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** 93_784_000 -> `1 d 2 h`, 7_500_000 -> `2 h 5 min`, 42_000 -> `42 s`: the two largest units. */
export function formatDuration(ms: number): string {
  const units: readonly (readonly [string, number])[] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ];
  let rest = Math.abs(ms);
  const parts: string[] = [];
  for (const [name, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (parts.length === 0 && count === 0) continue;
    parts.push(`${count} ${name}`);
    if (parts.length === 2) break;
  }
  // `2 h 0 min` reads better as `2 h`.
  if (parts.length === 2 && parts[1]?.startsWith('0 ') === true) parts.pop();
  return parts.length === 0 ? '0 s' : parts.join(' ');
}

/** How far past a deadline: `overdue by 2 h 5 min`. */
export function formatOverdue(at: string, now: number): string {
  const ms = now - Date.parse(at);
  return Number.isNaN(ms) ? at : `overdue by ${formatDuration(ms)}`;
}

/** A moment relative to now: `in 2 h 5 min`, `3 d 1 h ago`. */
export function formatRelative(at: string, now: number): string {
  const ms = Date.parse(at) - now;
  if (Number.isNaN(ms)) return at;
  return ms >= 0 ? `in ${formatDuration(ms)}` : `${formatDuration(ms)} ago`;
}
