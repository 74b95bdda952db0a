import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { combine, renderBanner, renderPortion, type ParsedMarking } from './model.ts';
import { findBanners, findPortions, findTlp, parseMarking } from './parse.ts';

describe('marking parser', () => {
  test('banner layouts', () => {
    assert.deepEqual(parseMarking('SECRET//NOFORN//ORCON'), { classification: 'S', controls: ['NOFORN', 'ORCON'], relTo: null });
    assert.deepEqual(parseMarking('TOP SECRET//SI//ORCON/NOFORN'), { classification: 'TS', controls: ['SI', 'ORCON', 'NOFORN'], relTo: null });
    assert.deepEqual(parseMarking('UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE'), { classification: 'U', controls: ['LES'], relTo: null });
    assert.deepEqual(parseMarking('S//REL TO USA, GBR, PRT'), { classification: 'S', controls: [], relTo: ['USA', 'GBR', 'PRT'] });
    assert.deepEqual(parseMarking('TS//SI//OC/NF'), { classification: 'TS', controls: ['SI', 'ORCON', 'NOFORN'], relTo: null });
    assert.equal(parseMarking('SECRET SAUCE'), null);
  });

  test('portions cover their paragraph; subject portions their line', () => {
    const text = 'SECRET//NOFORN\nSubject: (S//NF) Cell moving\n\n1. (S//NF) First para\ncontinues.\n\n2. (U) Open para.\n\nSECRET//NOFORN\n';
    const portions = findPortions(text);
    assert.deepEqual(portions.map((p) => text.slice(p.covers.start, p.covers.end)), ['(S//NF) Cell moving', '(S//NF) First para\ncontinues.', '(U) Open para.']);
    assert.equal(findBanners(text).length, 2);
    assert.deepEqual(findTlp('TLP:AMBER+STRICT and TLP: green').map((t) => t.level), ['AMBER+STRICT', 'GREEN']);
  });
});

describe('combining portions (DOMAIN.md §2)', () => {
  const p = (text: string): ParsedMarking => parseMarking(text) as ParsedMarking;

  test('REL TO intersects over classified portions, tetragraphs expanded, (U) ignored', () => {
    assert.equal(renderBanner(combine([p('S//REL TO USA, GBR'), p('S//REL TO USA, FVEY'), p('C//REL TO USA, GBR'), p('U')])), 'SECRET//REL TO USA, GBR');
    assert.equal(renderBanner(combine([p('S//REL TO USA, GBR, PRT'), p('S//REL TO USA, PRT')])), 'SECRET//REL TO USA, PRT');
  });

  test('highest classification wins; NOFORN and ORCON carry; empty REL TO means NOFORN', () => {
    assert.equal(renderBanner(combine([p('TS//SI//OC/NF'), p('S//NF'), p('U')])), 'TOP SECRET//SI//NOFORN/ORCON');
    assert.equal(renderBanner(combine([p('S//REL TO USA, GBR'), p('S//REL TO USA, PRT'.replace('USA, ', ''))])), 'SECRET//NOFORN');
    assert.equal(renderPortion(combine([p('S//NF'), p('S//NF//OC')])), 'S//NF/OC');
  });

  test('the roll-up does not depend on portion order and is idempotent', () => {
    const marking = fc.record({
      classification: fc.constantFrom('U', 'C', 'S', 'TS') as fc.Arbitrary<ParsedMarking['classification']>,
      controls: fc.subarray(['NOFORN', 'ORCON', 'SI']),
      relTo: fc.option(fc.subarray(['USA', 'GBR', 'PRT', 'FVEY', 'CAN'], { minLength: 1 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(marking, { minLength: 1, maxLength: 6 }), (portions) => {
        const whole = combine(portions);
        assert.deepEqual(combine([...portions].reverse()), whole);
        assert.deepEqual(combine([whole, ...portions]), whole);
      }),
    );
  });
});
