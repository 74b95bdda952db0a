import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harmOf } from './harm.ts';
import { severityOf } from './severity.ts';
import { report, threat } from '../fusion/fixtures.ts';
import type { MethodFact, TargetFact } from '../fusion/facts.ts';

const m = (name: string, kind: MethodFact['kind'], harm?: MethodFact['harm']): MethodFact => ({ id: `attack-pattern--${name}`, name, kind, ...(harm === undefined ? {} : { harm }) });
const of = (methods: MethodFact[], targets: TargetFact[] = []) => {
  const t = threat('t', report('r1', { methods, targets }));
  const harm = harmOf(t);
  return { harm, severity: severityOf(t, harm) };
};

describe('harm type from methods', () => {
  test('VBIED, IED, shooting, knife -> killing; kidnapping -> kidnapping; arson -> serious bodily injury', () => {
    assert.equal(of([m('car bomb', 'vbied')]).harm.harm, 'killing');
    assert.equal(of([m('roadside bomb', 'ied')]).harm.harm, 'killing');
    assert.equal(of([m('shooting', 'small-arms')]).harm.harm, 'killing');
    assert.equal(of([m('stabbing', 'knife')]).harm.harm, 'killing');
    assert.equal(of([m('abduction', 'kidnapping')]).harm.harm, 'kidnapping');
    assert.equal(of([m('torching tankers', 'arson')]).harm.harm, 'serious-bodily-injury');
    assert.equal(of([m('T1566 Phishing', 'cyber')]).harm.harm, 'property');
  });
  test('the most severe harm wins and names its methods', () => {
    const h = of([m('kidnap', 'kidnapping'), m('gunmen', 'small-arms')]).harm;
    assert.equal(h.harm, 'killing');
    assert.deepEqual(h.methods, ['gunmen']);
  });
  test('a source-stated harm overrides the method default; no method is unknown', () => {
    assert.equal(of([m('attack', 'generic', 'kidnapping')]).harm.harm, 'kidnapping');
    assert.equal(of([]).harm.harm, 'unknown');
    assert.equal(of([m('attack', 'generic')]).harm.harm, 'unknown');
  });
});

describe('severity scale', () => {
  test('0 unknown, 1 property, 2 kidnapping/injury, 3 killing, 4 mass casualty', () => {
    assert.equal(of([]).severity.level, 0);
    assert.equal(of([m('T1566', 'cyber')]).severity.level, 1);
    assert.equal(of([m('abduction', 'kidnapping')]).severity.level, 2);
    assert.equal(of([m('stabbing', 'knife')]).severity.level, 3);
    assert.equal(of([m('car bomb', 'vbied')]).severity.level, 4);
    assert.equal(of([m('stabbing', 'knife')], [{ id: 'v', name: 'pilgrims', role: 'victim', specific: false }]).severity.level, 4);
    assert.match(of([m('car bomb', 'vbied')]).severity.reason, /mass-casualty method: car bomb/);
  });
});
