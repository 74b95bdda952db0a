// Top-level domains a bare domain may end in: every ISO 3166 alpha-2 code (ccTLDs) plus the
// generic TLDs common in threat reporting. A closed list keeps "guide.pdf" and "e.g." out.
import countries from 'i18n-iso-countries';

const GENERIC = [
  'com', 'net', 'org', 'info', 'biz', 'edu', 'gov', 'mil', 'int', 'name', 'pro', 'mobi', 'tel', 'asia', 'aero', 'coop', 'museum', 'jobs', 'travel',
  'xyz', 'top', 'online', 'site', 'club', 'shop', 'store', 'app', 'dev', 'tech', 'live', 'news', 'world', 'today', 'space', 'website', 'link',
  'click', 'icu', 'vip', 'work', 'cloud', 'host', 'press', 'media', 'blog', 'email', 'digital', 'network', 'services', 'support', 'systems',
  'solutions', 'group', 'center', 'global', 'zone', 'fun', 'buzz', 'rest', 'bar', 'lol', 'pw', 'onion', 'bit', 'mom', 'cyou', 'monster',
  'quest', 'sbs', 'cfd', 'bond', 'beauty', 'hair', 'skin', 'makeup', 'uno', 'art', 'page', 'run', 'wiki', 'win', 'bid', 'loan', 'date',
  'download', 'stream', 'trade', 'review', 'party', 'science', 'racing', 'cricket', 'accountant', 'faith', 'men', 'agency', 'company',
  'ltd', 'inc', 'llc', 'foundation', 'charity', 'ngo', 'ong', 'africa', 'islam', 'arab', 'eus', 'cat', 'berlin', 'paris', 'london', 'nyc',
  'google', 'microsoft', 'amazon', 'apple', 'azure', 'windows', 'office', 'zip', 'mov', 'ink', 'one', 'best', 'plus', 'team', 'tools',
];

// ccTLDs that are not ISO codes, and ISO codes whose TLD is also a common file extension in
// reports: dropped, so "run.sh" or "setup.py" are not domains.
const EXTRA_CC = ['uk', 'eu', 'su', 'ac'];
const FILE_EXTENSIONS = new Set(['py', 'sh', 'md', 'ps', 'cs', 'rs', 'so', 'gz', 'bz', 'js', 'ts', 'db']);

export const TLDS: ReadonlySet<string> = new Set([
  ...GENERIC,
  ...EXTRA_CC,
  ...Object.keys(countries.getAlpha2Codes()).map((code) => code.toLowerCase()).filter((code) => !FILE_EXTENSIONS.has(code)),
]);
