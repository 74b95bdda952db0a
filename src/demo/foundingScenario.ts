// The founding scenario (issue 6), written for this project (fictional events, real place
// names): a partner cable, an intercept summary and an open news report, arriving over one
// hour, about a group's plot to bomb a shrine near Damascus. They are free texts:
// `tearline start` ingests them in arrival order through the same path as
// `tearline ingest --format text`, and fusion makes them one threat (group, site, method,
// date) that is a duty-to-warn candidate with imminence I1. Dates are relative to `now`, so
// the plot is always about two days away when the demo loads.
import type { StixBundle, StixObject } from '../domain/stix/object.ts';
import { extractFromText } from '../ingest/text/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface DemoReport {
  /** A file name for the text, as a user would have it. */
  readonly name: string;
  /** When it arrives: an hour from the first to the last. */
  readonly arrival: string;
  /** Its publication date, YYYY-MM-DD (`--published`). */
  readonly published: string;
  readonly text: string;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "14 July 2025" */
function spelled(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function foundingReports(now: Date): DemoReport[] {
  const first = now.getTime() - HOUR;
  const published = day(now.getTime());
  const plotDay = spelled(Date.parse(published) + 2 * DAY);
  const at = (minutes: number): string => new Date(first + minutes * 60_000).toISOString();
  return [
    {
      name: 'partner-cable.txt',
      arrival: at(0),
      published,
      text: [
        'SECRET//REL TO USA, GBR',
        '',
        'PARTNER LIAISON CABLE: ATTACK PLANNING SOUTH OF DAMASCUS',
        '',
        '(S//REL TO USA, GBR) A liaison service reports that an Islamic State cell based in the Damascus countryside is preparing a car bomb attack against a Shia shrine south of Damascus within the next 72 hours. The cell has acquired a vehicle and explosives.',
        '',
      ].join('\n'),
    },
    {
      name: 'intercept-summary.txt',
      arrival: at(30),
      published,
      text: [
        'SECRET//NOFORN',
        '',
        'INTERCEPT SUMMARY: CELL DISCUSSES TIMING',
        '',
        `(S//NF) Two members of a Daesh cell discussed driving the car to the Sayyida Zaynab shrine before noon prayers on ${plotDay}. The caller used the handset +963 944 000 123.`,
        '',
      ].join('\n'),
    },
    {
      name: 'news-report.txt',
      arrival: at(60),
      published,
      text: [
        'Security tightened around Sayyida Zaynab shrine',
        '',
        'DAMASCUS: Syrian police set up additional checkpoints on the road to the Sayyida Zaynab shrine, local media reported. Officials gave no reason for the measures. Pilgrims are expected at the shrine for a religious holiday.',
        '',
      ].join('\n'),
    },
  ];
}

/**
 * The same three reports extracted into one STIX bundle (what `tearline start` stores, in
 * one piece): for tools and fixtures that want the scenario as STIX.
 */
export function foundingScenario(now: Date): StixBundle {
  const objects = new Map<string, StixObject>();
  for (const report of foundingReports(now)) {
    const { bundle } = extractFromText(report.text, { published: report.published, now: report.arrival });
    for (const object of bundle.objects ?? []) if (!objects.has(object.id)) objects.set(object.id, object);
  }
  return { type: 'bundle', id: 'bundle--f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0', objects: [...objects.values()] };
}
