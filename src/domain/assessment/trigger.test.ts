import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ASSESSMENT_CONFIG } from './config.ts';
import { dutyToWarnTrigger, type TriggerInputs } from './trigger.ts';

const base: TriggerInputs = {
  harm: 'killing',
  specificity: { who: 1, target: 2, when: 2, how: 2, victim: 0, location: 2 },
  confidence: 70,
  imminence: 'I1',
  sunset: '2025-07-04T12:00:00.000Z',
};
const trig = (changes: Partial<TriggerInputs> = {}, config: Partial<typeof DEFAULT_ASSESSMENT_CONFIG.trigger> = {}) =>
  dutyToWarnTrigger({ ...base, ...changes }, { ...DEFAULT_ASSESSMENT_CONFIG.trigger, ...config });
const unmet = (result: ReturnType<typeof trig>) => result.reasons.filter((r) => !r.met).map((r) => r.code);

describe('duty-to-warn trigger (DOMAIN.md §3 default)', () => {
  test('met: every check is listed as met, and the sunset is carried', () => {
    const result = trig();
    assert.equal(result.triggered, true);
    assert.deepEqual(result.reasons.map((r) => [r.code, r.met]), [['harm', true], ['target-or-victim', true], ['other-dimensions', true], ['confidence', true], ['imminence', true]]);
    assert.equal(result.sunset, '2025-07-04T12:00:00.000Z');
  });
  test('harm must be killing, serious bodily injury or kidnapping', () => {
    assert.equal(trig({ harm: 'kidnapping' }).triggered, true);
    assert.equal(trig({ harm: 'serious-bodily-injury' }).triggered, true);
    assert.deepEqual(unmet(trig({ harm: 'property' })), ['harm']);
    assert.deepEqual(unmet(trig({ harm: 'unknown' })), ['harm']);
  });
  test('target or victim must be 2; a specific victim is enough', () => {
    assert.deepEqual(unmet(trig({ specificity: { ...base.specificity, target: 1 } })), ['target-or-victim']);
    assert.equal(trig({ specificity: { ...base.specificity, target: 1, victim: 2 } }).triggered, true);
  });
  test('two more dimensions >= 1, not counting the one that met target-or-victim', () => {
    const thin = { who: 0, target: 2, when: 0, how: 1, victim: 0, location: 0 } as const;
    assert.deepEqual(unmet(trig({ specificity: thin })), ['other-dimensions']);
    assert.equal(trig({ specificity: { ...thin, location: 1 } }).triggered, true);
    // Target 2 used for the first test; victim 1 and how 1 are the two more.
    assert.equal(trig({ specificity: { ...thin, victim: 1 } }).triggered, true);
  });
  test('confidence must be at least 50; absent confidence fails', () => {
    assert.equal(trig({ confidence: 50 }).triggered, true);
    assert.deepEqual(unmet(trig({ confidence: 49 })), ['confidence']);
    assert.deepEqual(unmet(trig({ confidence: undefined })), ['confidence']);
  });
  test('imminence must be I1 or I2', () => {
    assert.equal(trig({ imminence: 'I2' }).triggered, true);
    assert.deepEqual(unmet(trig({ imminence: 'I3' })), ['imminence']);
  });
  test('after the sunset the trigger is false with the single reason "sunset"', () => {
    const result = trig({ imminence: 'expired' });
    assert.equal(result.triggered, false);
    assert.deepEqual(result.reasons.map((r) => r.code), ['sunset']);
  });
  test('configurable: stricter confidence, I1 only, three more dimensions, property harm', () => {
    assert.deepEqual(unmet(trig({}, { minConfidence: 80 })), ['confidence']);
    assert.deepEqual(unmet(trig({ imminence: 'I2' }, { imminence: ['I1'] })), ['imminence']);
    assert.deepEqual(unmet(trig({ specificity: { ...base.specificity, who: 0, how: 0 } }, { otherDimensionsRequired: 3 })), ['other-dimensions']);
    assert.equal(trig({ harm: 'property' }, { harms: ['killing', 'property'] }).triggered, true);
    assert.equal(trig({ specificity: { ...base.specificity, target: 1 } }, { targetOrVictimMin: 1 }).triggered, true);
  });
});
