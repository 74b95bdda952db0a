// Deadlines by imminence class from the environment (DOMAIN.md §1: our defaults, configurable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WARNING_SETTINGS } from '../../domain/warning/index.ts';
import { warningSettingsFromEnv } from './settings.ts';

test('no variables: the DOMAIN.md §1 defaults', () => {
  const result = warningSettingsFromEnv({});
  assert.ok(result.ok);
  assert.deepEqual(result.settings, DEFAULT_WARNING_SETTINGS);
});

test('overrides one stage of one class in minutes, and the re-review limit in days', () => {
  const result = warningSettingsFromEnv({ TEARLINE_WARNING_I1_SCREEN_MINUTES: '30', TEARLINE_WARNING_MAX_REREVIEW_DAYS: '30' });
  assert.ok(result.ok);
  assert.equal(result.settings.deadlines.I1.screenMs, 30 * 60_000);
  assert.equal(result.settings.deadlines.I1.decideMs, DEFAULT_WARNING_SETTINGS.deadlines.I1.decideMs);
  assert.equal(result.settings.deadlines.I2.screenMs, DEFAULT_WARNING_SETTINGS.deadlines.I2.screenMs);
  assert.equal(result.settings.maxReReviewMs, 30 * 86_400_000);
});

test('refuses what is not a positive whole number, naming the variable', () => {
  const result = warningSettingsFromEnv({ TEARLINE_WARNING_I2_DELIVER_MINUTES: '-5', TEARLINE_WARNING_I3_DECIDE_MINUTES: 'soon' });
  assert.ok(!result.ok);
  assert.equal(result.errors.length, 2);
  assert.match(result.errors[0] ?? '', /TEARLINE_WARNING_I2_DELIVER_MINUTES/);
});

test('the acknowledgement deadline is configurable per class like the others', () => {
  const result = warningSettingsFromEnv({ TEARLINE_WARNING_I1_ACKNOWLEDGE_MINUTES: '20', TEARLINE_WARNING_I3_ACKNOWLEDGE_MINUTES: '600' });
  assert.ok(result.ok);
  assert.equal(result.settings.deadlines.I1.acknowledgeMs, 20 * 60_000);
  assert.equal(result.settings.deadlines.I2.acknowledgeMs, 12 * 3_600_000, 'our default for I2');
  assert.equal(result.settings.deadlines.I3.acknowledgeMs, 600 * 60_000);
  const bad = warningSettingsFromEnv({ TEARLINE_WARNING_I2_ACKNOWLEDGE_MINUTES: '0' });
  assert.ok(!bad.ok);
  assert.match(bad.errors[0] ?? '', /TEARLINE_WARNING_I2_ACKNOWLEDGE_MINUTES/);
});
