// Extractors on texts written for these tests (not from the labelled corpus), with the
// false-hit traps the issue names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractFromText } from '../extract.ts';
import type { Mention } from '../mention.ts';
import { buildGroupDictionary } from './groups.ts';
import { findDates, numericOrder } from './dates.ts';
import { splitAliasList } from '../build-dictionary.ts';
import { SpanIndex } from '../mention.ts';

const run = (text: string, published = '2025-03-12'): Mention[] => extractFromText(text, { published, now: '2025-03-12T10:00:00.000Z' }).mentions;
const of = (mentions: Mention[], kind: Mention['kind']): string[] => mentions.filter((m) => m.kind === kind).map((m) => m.text);
const valuesOf = (mentions: Mention[], kind: Mention['kind']): unknown[] => mentions.filter((m) => m.kind === kind).map((m) => m.value);

describe('groups', () => {
  test('aliases resolve to one canonical group', () => {
    const m = run('ISIS claimed it. ISIL fighters, Daesh supporters and the Islamic State of Iraq and Syria are one group.');
    assert.deepEqual(new Set(valuesOf(m, 'group')), new Set(['Islamic State']));
    assert.deepEqual(of(m, 'group'), ['ISIS', 'ISIL', 'Daesh', 'Islamic State of Iraq and Syria']);
  });

  test('a longer name wins: "Islamic State West Africa Province" is ISWAP, not IS plus a place', () => {
    const m = run('The Islamic State West Africa Province raided Monguno.');
    assert.deepEqual(valuesOf(m, 'group'), ['Islamic State West Africa Province']);
    assert.ok(!of(m, 'place').includes('West Africa'));
  });

  test('lower-case words and all-capitals lines do not match acronyms', () => {
    const m = run('THIS IS A NOTICE\nThe plan is simple and it is not about hamas or taliban politics.');
    assert.deepEqual(valuesOf(m, 'group'), []);
  });

  test('a shared alias goes to the group the text is about', () => {
    const mozambique = run('Insurgents of Islamic State Mozambique Province, locally called al-Shabaab, raided Macomia near Pemba in Mozambique.');
    assert.deepEqual(new Set(valuesOf(mozambique, 'group')), new Set(['Islamic State Mozambique Province']));
    const somalia = run('al-Shabaab fighters attacked a base near Kismayo, Somalia.');
    assert.deepEqual(valuesOf(somalia, 'group'), ['al-Shabaab']);
  });

  test('curated entries win over generated ones on conflicts', () => {
    const dictionary = buildGroupDictionary(
      { groups: [{ name: 'Old Name', aliases: ['ABC Front', 'Shared Alias'], kind: 'terrorist', source: 'x' }, { name: 'Other', aliases: ['Shared Alias'], kind: 'cyber', source: 'y' }] },
      { groups: [{ name: 'New Name', sameAs: ['Old Name'], aliases: ['NNF'] }], blockedAliases: [] },
    );
    const names = dictionary.groups.map((g) => g.name);
    assert.ok(names.includes('New Name') && !names.includes('Old Name'));
    assert.deepEqual(dictionary.index.lookup('Shared Alias').map((e) => e.group.name), ['New Name']);
    assert.deepEqual(dictionary.index.lookup('ABC Front').map((e) => e.group.name), ['New Name']);
  });

  test('the dictionary builder splits Canada alias lists without breaking names', () => {
    assert.deepEqual(splitAliasList('Daesh, Islamic State of Iraq and Syria, ISIS and Jama\'at Al-Tawhid Wa\'al-Jihad (JTJ).'), [
      'Daesh',
      'Islamic State of Iraq and Syria',
      'ISIS',
      "Jama'at Al-Tawhid Wa'al-Jihad",
      'JTJ',
    ]);
    assert.deepEqual(splitAliasList('Kurdistan Freedom and Democracy Congress, KADEK and Islamic State of Iraq and Syria'), [
      'Kurdistan Freedom and Democracy Congress',
      'KADEK',
      'Islamic State of Iraq and Syria',
    ]);
    assert.deepEqual(splitAliasList('Al Harakat Al Islamiyya (AHAI), Abu Sayyef Group and Mujahideen Commando Freedom Fighters (MCFF)'), [
      'Al Harakat Al Islamiyya',
      'AHAI',
      'Abu Sayyef Group',
      'Mujahideen Commando Freedom Fighters',
      'MCFF',
    ]);
  });
});

describe('places and sites', () => {
  test('"Washington Post", "Chicago Police Department" and "New York Times" are not places', () => {
    const m = run('The Washington Post and the New York Times quoted the Chicago Police Department. Officers in Chicago said more.');
    assert.deepEqual(of(m, 'place'), ['Chicago']);
  });

  test('"Jordan" the person versus Jordan the country', () => {
    const person = run('Coach Michael Jordan arrived late. Jordan said the team was ready.');
    assert.deepEqual(of(person, 'place'), []);
    assert.deepEqual(new Set(valuesOf(person, 'person')), new Set(['Michael Jordan']));
    const country = run('Refugees crossed from Syria into Jordan last week.');
    assert.deepEqual(of(country, 'place'), ['Syria', 'Jordan']);
  });

  test('places are geocoded, and the text\'s countries pick the right namesake', () => {
    const m = run('Militants attacked Palma, a coastal town in Cabo Delgado, Mozambique.');
    const palma = m.find((x) => x.text === 'Palma');
    assert.deepEqual(palma?.value, { name: 'Palma', lat: -10.77, lon: 40.47, country: 'MOZ', kind: 'city' });
    const spain = run('Tourists filled Palma, Mallorca, in Spain this summer.');
    assert.equal((spain.find((x) => x.text === 'Palma')?.value as { country: string }).country, 'ESP');
  });

  test('"Niger State" is a Nigerian state, not Niger; an all-capitals dateline counts', () => {
    const m = run('ABUJA, March 3 — Gunmen struck a village in Niger State, Nigeria.');
    assert.deepEqual(valuesOf(m, 'place').map((v) => (v as { country: string }).country), ['NGA', 'NGA', 'NGA']);
    assert.deepEqual(of(m, 'place'), ['ABUJA', 'Niger State', 'Nigeria']);
  });

  test('named sites, from our list or built like a name', () => {
    const m = run('Worshippers gathered at the Umayyad Mosque in Damascus and later at the Kafr Sousa Church on Mezzeh Street, Syria.');
    assert.deepEqual(of(m, 'site'), ['Umayyad Mosque', 'Kafr Sousa Church', 'Mezzeh Street']);
    assert.deepEqual(m.find((x) => x.text === 'Umayyad Mosque')?.value, { name: 'Umayyad Mosque', lat: 33.51, lon: 36.31, country: 'SYR', kind: 'site' });
    assert.equal((m.find((x) => x.text === 'Mezzeh Street')?.value as { country: string }).country, 'SYR');
  });
});

describe('people', () => {
  test('titles are not part of the name; aliases and surnames join the person', () => {
    const m = run('Police spokesman Colonel Ahmed al-Rawi said the cell leader, Omar Khalil, aka Abu Bakr al-Tikriti, fled. Al-Rawi added that Khalil was armed.');
    assert.deepEqual(new Set(valuesOf(m, 'person')), new Set(['Ahmed al-Rawi', 'Omar Khalil']));
    assert.ok(of(m, 'person').includes('Abu Bakr al-Tikriti'));
    assert.ok(of(m, 'person').includes('Khalil'));
  });

  test('a run of more capitalised words than a name has holds no name, not even its tail', () => {
    const m = run('Reporters said the Zorba Quilla Marlo Fenwick Tasso Brindle Oakum Pell met. Later, Omar Khalil, a commander, spoke.');
    assert.deepEqual(of(m, 'person'), ['Omar Khalil']);
    // Fuzzing found a long run searched again from each of its words; a repeated one is no person.
    assert.deepEqual(of(run(`The ${'Zthe '.repeat(2000)}end.`), 'person'), []);
  });

  test('"May" as a name is not a date', () => {
    const m = run('Theresa May said on Tuesday that talks would resume in May.', '2019-03-14');
    assert.deepEqual(valuesOf(m, 'date'), ['2019-03-12', '2019-05']);
    assert.deepEqual(of(m, 'person'), ['Theresa May']);
  });
});

describe('dates resolved against the publication date', () => {
  const dates = (text: string, published: string): [string, string][] => findDates(text, { published }, new SpanIndex()).map((d) => [text.slice(d.start, d.end), d.value]);

  test('weekdays by tense, within a week of publication', () => {
    // 2025-03-12 is a Wednesday.
    assert.deepEqual(dates('Police arrested him on Monday; the rally will be held on Saturday and roads stay closed until Tuesday.', '2025-03-12'), [
      ['Monday', '2025-03-10'],
      ['Saturday', '2025-03-15'],
      ['Tuesday', '2025-03-18'],
    ]);
    assert.deepEqual(dates('Officials said on Wednesday that next Friday matters.', '2025-03-12'), [
      ['Wednesday', '2025-03-12'],
      ['next Friday', '2025-03-14'],
    ]);
  });

  test('relative spans', () => {
    assert.deepEqual(dates('An attack is expected within the next 48 hours, after a lull earlier this month; the deadline is the end of the month.', '2025-02-20'), [
      ['within the next 48 hours', '2025-02-20/2025-02-22'],
      ['earlier this month', '2025-02-01/2025-02-20'],
      ['the end of the month', '2025-02-28'],
    ]);
    assert.deepEqual(dates('Last year and last week differ from this year and tomorrow.', '2025-02-20'), [
      ['Last year', '2024'],
      ['last week', '2025-02-10/2025-02-16'],
      ['this year', '2025'],
      ['tomorrow', '2025-02-21'],
    ]);
  });

  test('absolute dates, month-years, ranges and bare years; the year comes from publication', () => {
    assert.deepEqual(dates('On Jan. 3 and in March 2019, then on 14 February and December 30-31, as in 2016.', '2025-01-10'), [
      ['Jan. 3', '2025-01-03'],
      ['March 2019', '2019-03'],
      ['14 February', '2025-02-14'],
      ['December 30-31', '2024-12-30/2024-12-31'],
      ['2016', '2016'],
    ]);
  });

  test('numeric dates follow the document\'s order; identifiers are not dates', () => {
    assert.equal(numericOrder('seen 16/02/2024'), false);
    assert.equal(numericOrder('seen 09/22/2026'), true);
    assert.deepEqual(dates('Ref BXL-DJSOC-2024-0211, BULLETIN 2025-07, CPD-26-09114: seen 14/02/2024 and 03/02/2024.', '2024-02-16'), [
      ['14/02/2024', '2024-02-14'],
      ['03/02/2024', '2024-02-03'],
    ]);
    assert.deepEqual(dates('between 17:40 and 18:05, aged 30, for about an hour', '2024-02-16'), []);
  });
});

describe('methods', () => {
  test('specific devices win; vests that are clothing are not suicide vests', () => {
    const m = run('A car bomb and a suicide belt were found, with pipe bombs. Stewards wore green vests.');
    assert.deepEqual(valuesOf(m, 'method'), ['vbied', 'suicide-vest', 'ied']);
    assert.deepEqual(valuesOf(run('A man was stabbed; later a vehicle ramming and a kidnapping; the depot was torched.'), 'method'), ['knife', 'vehicle-ramming', 'kidnapping', 'arson']);
  });
});
