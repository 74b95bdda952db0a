// Which failures are the same bug: the first problem with numbers and quoted text blanked,
// unless a target says better (targets may import this; it depends on nothing).

export function defaultSignature(problems: readonly string[]): string {
  return (problems[0] ?? '').replace(/\d+/g, 'N').replace(/'[^']*'/g, "'…'").replace(/"[^"]*"/g, '"…"').slice(0, 100);
}
