import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reportFactsFrom } from '../../src/domain/fusion/index.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { extractFromText, MENTIONS_EXTENSION_ID as EXTRACTOR_MENTIONS_ID } from '../../src/ingest/text/index.ts';
import { gradesFromSource, MENTIONS_EXTENSION_ID, normaliseFacts, windowFromDates, withExtractionHints } from '../../src/app/fusion/textHints.ts';

describe('the text extractor, as fusion reads it', () => {
  test('the mentions extension id is the extractor’s', () => {
    assert.equal(MENTIONS_EXTENSION_ID, EXTRACTOR_MENTIONS_ID);
  });

  test('a threat window from the dates of a text: those after its publication day, the narrowest', () => {
    const published = '2025-07-01T00:00:00.000Z';
    const dates = [
      { value: '2025-07-01' }, // the dateline: the publication day itself
      { value: '2025-06-24' }, // what already happened
      { value: '2025-07-01/2025-07-04' }, // "within the next 72 hours"
      { value: '2025-07-03' }, // "on 3 July"
      { value: '2025-07' },
    ];
    assert.deepEqual(windowFromDates(dates, published), { start: '2025-07-03T00:00:00.000Z', end: '2025-07-03T23:59:59.999Z' });
    assert.deepEqual(windowFromDates([{ value: '2025-07-01/2025-07-04' }], published), { start: '2025-07-01T00:00:00.000Z', end: '2025-07-04T23:59:59.999Z' });
    assert.equal(windowFromDates([{ value: '2025-07-01' }, { value: '2024' }], published), null);
    assert.equal(windowFromDates([{ value: 'next week' }, 7, null], published), null);
    assert.equal(windowFromDates(dates, undefined), null);
  });

  test('an extracted bundle reads as automatic, with its window, place kinds, phone numbers and no tool as source', () => {
    const text = 'An Islamic State cell in Damascus plans a car bomb attack on the Sayyida Zaynab shrine on 3 July 2025. Handset +963 944 000 123.';
    const { bundle } = extractFromText(text, { published: '2025-07-01', now: '2025-07-01T08:00:00.000Z' });
    const objects = (bundle.objects ?? []).map(withExtractionHints);
    const report = objects.find((o) => o.type === 'report') as StixObject;
    assert.equal(report.x_tearline_automatic, true);
    assert.equal(report.x_tearline_analyst_confirmed, false);
    assert.deepEqual(report.x_tearline_window, { start: '2025-07-03T00:00:00.000Z', end: '2025-07-03T23:59:59.999Z' });
    const byId = new Map(objects.map((o) => [o.id, o]));
    const result = reportFactsFrom(report, byId);
    assert.ok(result.ok);
    const creator = byId.get(String(report.created_by_ref));
    const facts = normaliseFacts(result.facts, creator);
    assert.equal(facts.automatic, true);
    assert.equal(facts.sourceId, null, 'the extractor is a tool, not an origin');
    assert.deepEqual(facts.observables, [{ type: 'phone-number', value: '+963944000123' }]);
    const kinds = new Map(facts.places.map((p) => [p.name, p.kind]));
    assert.equal(kinds.get('Sayyida Zaynab shrine'), 'site');
    assert.equal(kinds.get('Damascus'), 'city');
    assert.equal(facts.places.find((p) => p.name === 'Damascus')?.city, 'Damascus');
  });

  test('a site phrase the gazetteer did not know never matches another text’s by name', () => {
    const extracted = (text: string): StixObject[] => (extractFromText(text, { published: '2025-07-01', now: '2025-07-01T08:00:00.000Z' }).bundle.objects ?? []).map(withExtractionHints);
    const generic = (objects: readonly StixObject[]): StixObject | undefined => objects.find((o) => o.type === 'location' && o.name === 'Shia shrine');
    const a = generic(extracted('Gunmen threatened a Shia shrine in Homs.'));
    const b = generic(extracted('Police guarded a Shia shrine in Aleppo.'));
    assert.ok(a !== undefined && b !== undefined);
    assert.equal(a.x_tearline_site_key, a.id);
    assert.notEqual(a.x_tearline_site_key, b.x_tearline_site_key);
    const named = extracted('Police guarded the Sayyida Zaynab shrine.').find((o) => o.type === 'location');
    assert.equal(named?.x_tearline_site_key, undefined, 'a gazetteer site keeps its name as its key');
  });

  test('objects without the extension pass through unchanged', () => {
    const location: StixObject = { type: 'location', id: 'location--1', name: 'Damascus', x_tearline_place_kind: 'city' };
    assert.equal(withExtractionHints(location), location);
    const hinted = withExtractionHints({ ...location, extensions: { [MENTIONS_EXTENSION_ID]: { key: 'place:region:SYR:Damascus' } } });
    assert.equal(hinted.x_tearline_place_kind, 'city', 'a source’s own hint wins');
  });

  test('a telegram handle compares as a telegram observable', () => {
    const facts = normaliseFacts(
      { id: 'report--1', sourceId: 'identity--s', reliability: 'B', credibility: 2, published: null, automatic: false, analystConfirmed: false, actors: [], places: [], methods: [], targets: [], window: null, cites: [], observables: [{ type: 'user-account', value: 'telegram:ghuraba' }, { type: 'x-tearline-crypto-wallet', value: 'bc1q' }] },
      { type: 'identity', id: 'identity--s', identity_class: 'organization' },
    );
    assert.deepEqual(facts.observables, [{ type: 'telegram', value: 'ghuraba' }, { type: 'cryptocurrency-wallet', value: 'bc1q' }]);
    assert.equal(facts.sourceId, 'identity--s', 'a real source stays the origin');
  });
});

describe('source reliability from the MISP importer’s identity extension', () => {
  const identity = (grade: unknown, extra: Record<string, unknown> = {}): StixObject => ({
    type: 'identity',
    id: 'identity--s',
    extensions: { 'extension-definition--41f8e9cd-a64c-5a90-83e6-503e42a9334d': { extension_type: 'property-extension', source_reliability: grade } },
    ...extra,
  });
  test('A-F as given, G (deliberately deceptive) as E, nothing else', () => {
    assert.deepEqual(gradesFromSource(identity('b')), { reliability: 'B' });
    assert.deepEqual(gradesFromSource(identity('G')), { reliability: 'E' });
    assert.deepEqual(gradesFromSource(identity('Z')), {});
    assert.deepEqual(gradesFromSource(identity('A', { x_tearline_reliability: 'C' })), {}, 'the custom property is read by the domain itself');
    assert.deepEqual(gradesFromSource(undefined), {});
  });
});
