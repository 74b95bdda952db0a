import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { geohash, geohashWithNeighbours, haversineKm } from './geo.ts';
import { matchPlaces, siteKeyOf } from './places.ts';
import { city, site } from './fixtures.ts';

const D = { nearKm: 5, areaKm: 25 };
const shrine = { lat: 33.4442, lon: 36.3411 };

describe('haversine and geohash', () => {
  test('known distances', () => {
    assert.ok(Math.abs(haversineKm({ lat: 51.5007, lon: -0.1246 }, { lat: 40.6892, lon: -74.0445 }) - 5575) < 5);
    assert.ok(Math.abs(haversineKm({ lat: 33.51, lon: 36.29 }, shrine) - 8.7) < 0.1);
    assert.equal(haversineKm(shrine, shrine), 0);
  });
  test('the reference geohash and its neighbours', () => {
    assert.equal(geohash({ lat: 57.64911, lon: 10.40744 }, 11), 'u4pruydqqvj');
    assert.deepEqual(geohashWithNeighbours({ lat: 57.64911, lon: 10.40744 }, 4), ['u4pn', 'u4pp', 'u4pq', 'u4pr', 'u4pw', 'u4px', 'u4r0', 'u4r2', 'u4r8']);
  });
  test('neighbours wrap the antimeridian and stop at the pole', () => {
    const cells = geohashWithNeighbours({ lat: 89.99, lon: 179.99 }, 2);
    assert.equal(cells.length, 6);
    assert.ok(cells.includes('zz') && cells.includes('bp'), 'east of 180 is -180');
  });
});

describe('the same place', () => {
  test('the same named site, written differently', () => {
    const a = site('location--a', 'Sayyida Zaynab Shrine');
    const b = site('location--b', 'sayyida zaynab shrine', { country: 'SY' });
    assert.equal(siteKeyOf(a), siteKeyOf(b));
    assert.equal(matchPlaces(a, b, D)?.rule, 'place');
  });
  test('two sites within 5 km are the same place; 5 km is configurable', () => {
    const a = site('location--a', 'Shrine gate', { lat: 33.4442, lon: 36.3411 });
    const b = site('location--b', 'Shrine car park', { lat: 33.47, lon: 36.3411 }); // ~2.9 km north
    assert.equal(matchPlaces(a, b, D)?.rule, 'place');
    assert.match(matchPlaces(a, b, D)?.value ?? '', /2\.9 km/);
    assert.equal(matchPlaces(a, b, { nearKm: 2, areaKm: 2 }), null);
    assert.equal(matchPlaces(a, b, { nearKm: 2, areaKm: 25 })?.rule, 'area');
  });
  test('coordinates overrule a shared name: two Grand Mosques far apart are different', () => {
    const a = site('location--a', 'Grand Mosque', { lat: 21.4225, lon: 39.8262 });
    const b = site('location--b', 'Grand Mosque', { lat: 14.6928, lon: -17.4467 });
    assert.equal(matchPlaces(a, b, D), null);
  });
  test('a site and the city it lies near are the same area, not the same place', () => {
    const damascus = city('location--dam', 'Damascus', 33.51, 36.29, 'SY');
    const zaynab = site('location--sz', 'Sayyida Zaynab shrine', { ...shrine, country: 'SY' });
    assert.equal(matchPlaces(damascus, zaynab, D)?.rule, 'area');
    const named = site('location--sz2', 'Sayyida Zaynab shrine', { city: 'Damascus' });
    assert.equal(matchPlaces(city('location--dam2', 'Damascus', 33.51, 36.29), named, D)?.rule, 'area');
  });
  test('the same country alone is NOT the same place', () => {
    const a = { id: 'location--sy1', name: 'Syria', kind: 'country' as const, country: 'SY' };
    const b = { id: 'location--sy2', name: 'Syrian Arab Republic', kind: 'country' as const, country: 'SY' };
    assert.equal(matchPlaces(a, b, D), null);
    assert.equal(matchPlaces(a, a, D), null, 'even the same country object');
    assert.equal(matchPlaces(a, city('location--c', 'Aleppo', 36.2, 37.16, 'SY'), D), null);
  });
  test('different country codes veto a name match when there are no coordinates', () => {
    assert.equal(matchPlaces(site('location--a', 'Central Station', { country: 'BE' }), site('location--b', 'Central Station', { country: 'NL' }), D), null);
    assert.equal(matchPlaces(site('location--a', 'Central Station', { country: 'BE' }), site('location--b', 'Central Station', { country: 'BEL' }), D)?.rule, 'place');
  });
  test('cities far apart are not the same area', () => {
    assert.equal(matchPlaces(city('location--a', 'Damascus', 33.51, 36.29), city('location--b', 'Aleppo', 36.2, 37.16), D), null);
  });
});
