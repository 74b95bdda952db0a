// A calendar date as the CLI's --published flags take it: YYYY-MM-DD that names a real day
// (2024-02-30 does not). Text extraction writes it into a STIX report's `published`, which
// must be a valid timestamp (STIX 2.1 §2.16), so a non-date is refused as a usage error.
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
