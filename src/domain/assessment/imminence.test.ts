import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assessmentConfig, DEFAULT_ASSESSMENT_CONFIG } from './config.ts';
import { imminenceOf } from './imminence.ts';
import { threatWindow } from './window.ts';
import { report, threat } from '../fusion/fixtures.ts';

const HOUR = 3_600_000;
const now = new Date('2025-07-01T12:00:00.000Z');
const windowAt = (startMs: number, endMs: number) =>
  threatWindow(threat('t', report('r1', { window: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() } })));
const classOf = (startOffsetMs: number, lengthMs = 24 * HOUR, config = DEFAULT_ASSESSMENT_CONFIG) =>
  imminenceOf(windowAt(now.getTime() + startOffsetMs, now.getTime() + startOffsetMs + lengthMs), now, config).class;

describe('imminence classes (DOMAIN.md §1)', () => {
  test('a window starting exactly 72 h from now is I1; 1 ms later is I2', () => {
    assert.equal(classOf(72 * HOUR), 'I1');
    assert.equal(classOf(72 * HOUR + 1), 'I2');
  });
  test('exactly 30 days is I2; 1 ms later is I3', () => {
    assert.equal(classOf(30 * 24 * HOUR), 'I2');
    assert.equal(classOf(30 * 24 * HOUR + 1), 'I3');
  });
  test('a window already open is I1', () => {
    const open = imminenceOf(windowAt(now.getTime() - 5 * HOUR, now.getTime() + 5 * HOUR), now, DEFAULT_ASSESSMENT_CONFIG);
    assert.equal(open.class, 'I1');
    assert.equal(open.hoursToStart, -5);
    assert.match(open.reason, /already open/);
  });
  test('a window that has ended is expired; ending exactly now is not yet', () => {
    const ended = imminenceOf(windowAt(now.getTime() - 48 * HOUR, now.getTime() - 1), now, DEFAULT_ASSESSMENT_CONFIG);
    assert.equal(ended.class, 'expired');
    assert.match(ended.reason, /sunset passed/);
    assert.equal(classOf(-24 * HOUR, 24 * HOUR), 'I1');
  });
  test('no window: I3 (unknown)', () => {
    const none = imminenceOf(null, now, DEFAULT_ASSESSMENT_CONFIG);
    assert.deepEqual([none.class, none.sunset, none.hoursToStart], ['I3', null, null]);
  });
  test('the thresholds are configurable', () => {
    const strict = assessmentConfig({ i1Hours: 24, i2Days: 7 });
    assert.equal(classOf(48 * HOUR, 24 * HOUR, strict), 'I2');
    assert.equal(classOf(8 * 24 * HOUR, 24 * HOUR, strict), 'I3');
  });
  test('the sunset is the end of the window', () => {
    assert.equal(imminenceOf(windowAt(now.getTime() + HOUR, now.getTime() + 2 * HOUR), now, DEFAULT_ASSESSMENT_CONFIG).sunset, '2025-07-01T14:00:00.000Z');
  });
});
