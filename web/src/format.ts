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

export function formatCount(value: number): string {
  return value.toLocaleString('en-GB');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
