import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StixObject } from '../stix/index.ts';
import { withheldMentions, type WithheldMentionsInput } from './withheldMentions.ts';

const SOURCE: StixObject = { type: 'identity', id: 'identity--00000000-0000-4000-8000-000000000001', name: 'Abu Karim', identity_class: 'individual', contact_information: 'karim.relay@example.org' };
const GROUP: StixObject = { type: 'intrusion-set', id: 'intrusion-set--00000000-0000-4000-8000-000000000002', name: 'Saraya al-Fajr', aliases: ['Dawn Brigades'] };
const HANDSET: StixObject = { type: 'x-tearline-phone-number', id: 'x-tearline-phone-number--00000000-0000-4000-8000-000000000003', value: '+963944000123' };
const WATCHED: StixObject = { type: 'indicator', id: 'indicator--00000000-0000-4000-8000-000000000004', pattern: "[ipv4-addr:value = '198.51.100.7'] OR [domain-name:value = 'relay-\\'x\\'.example']", pattern_type: 'stix' };
const SHRINE: StixObject = { type: 'location', id: 'location--00000000-0000-4000-8000-000000000005', name: 'Sayyida Zaynab shrine' };
const METHOD: StixObject = { type: 'attack-pattern', id: 'attack-pattern--00000000-0000-4000-8000-000000000006', name: 'Vehicle-borne IED', aliases: ['car bomb'] };
const MAIL: StixObject = { type: 'email-addr', id: 'email-addr--00000000-0000-4000-8000-000000000007', value: 'ops@example.net' };

function input(texts: readonly string[], over: Partial<WithheldMentionsInput> = {}): WithheldMentionsInput {
  const objects = [SOURCE, GROUP, HANDSET, WATCHED, SHRINE, METHOD, MAIL];
  return {
    objects,
    withheld: objects.filter((o) => o !== SHRINE && o !== MAIL).map((o) => ({ id: o.id })),
    releasedText: JSON.stringify({ type: 'bundle', objects: [SHRINE, MAIL] }),
    texts,
    ...over,
  };
}

const found = (texts: readonly string[], over?: Partial<WithheldMentionsInput>): string[][] =>
  withheldMentions(input(texts, over)).map((m) => [m.term, m.where]).sort();

test('a withheld source\'s name and contact, and the values we watch, are found in the drafter\'s words', () => {
  assert.deepEqual(found(['Per ABU KARIM (karim.relay@example.org), the cell uses 198.51.100.7 and relay-\'x\'.example.']), [
    ['198.51.100.7', 'pattern'],
    ['Abu Karim', 'name'],
    ['karim.relay@example.org', 'contact_information'],
    ["relay-'x'.example", 'pattern'],
  ]);
});

test('a handset is found however its digits are grouped, and not inside a longer number', () => {
  assert.deepEqual(found(['The caller used +963 944 000 123 twice.']), [['+963944000123', 'value']]);
  assert.deepEqual(found(['Call 963-944-000-123.']), [['+963944000123', 'value']]);
  assert.deepEqual(found(['Reference 19639440001234.']), []);
});

test('what the threat is stays the drafter\'s call; released values, and words inside other words, do not count', () => {
  assert.deepEqual(found(['A car bomb (Vehicle-borne IED) by the Dawn Brigades of Saraya al-Fajr against the Sayyida Zaynab shrine.']), []);
  assert.deepEqual(found(['Write to ops@example.net.']), [], 'released to the partner anyway');
  assert.deepEqual(found(['Abu Karimov is someone else; 198.51.100.77 is another address.']), []);
});

test('the releasing organisation may be named', () => {
  const ours: StixObject = { type: 'identity', id: 'identity--00000000-0000-4000-8000-0000000000aa', name: 'National Warning Centre' };
  const over = { objects: [ours], withheld: [{ id: ours.id }] };
  assert.deepEqual(found(['The National Warning Centre warns you.'], over), [['National Warning Centre', 'name']]);
  assert.deepEqual(found(['The National Warning Centre warns you.'], { ...over, exempt: [ours.id] }), []);
});
