import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBanner, renderBanner } from './banner.ts';
import { marking } from './model.ts';

describe('parseBanner', () => {
  test('reads the banner layouts of the shared reports', () => {
    const a = parseBanner('TOP SECRET//SI//ORCON/NOFORN');
    assert.deepEqual(a, marking({ classification: 'TS', orcon: true, noforn: true, otherControls: ['SI'] }));
    assert.deepEqual(parseBanner('SECRET//NOFORN//ORCON'), marking({ classification: 'S', orcon: true, noforn: true }));
    assert.deepEqual(parseBanner('SECRET//ORCON/NOFORN'), parseBanner('SECRET//NOFORN//ORCON'));
    assert.deepEqual(parseBanner('SECRET//REL TO USA, GBR'), marking({ classification: 'S', relTo: ['GBR', 'USA'] }));
    assert.deepEqual(parseBanner('UNCLASSIFIED'), marking({ classification: 'U' }));
  });

  test('reads portion marks, with abbreviations and tetragraphs expanded', () => {
    assert.deepEqual(parseBanner('(TS//SI//OC/NF)'), marking({ classification: 'TS', orcon: true, noforn: true, otherControls: ['SI'] }));
    assert.deepEqual(parseBanner('(S//REL TO USA, FVEY)'), marking({ classification: 'S', relTo: ['AUS', 'CAN', 'GBR', 'NZL', 'USA'] }));
    assert.deepEqual(parseBanner('(U)'), marking({ classification: 'U' }));
    assert.deepEqual(parseBanner('(S//NF)'), marking({ classification: 'S', noforn: true }));
  });

  test('reads DISPLAY ONLY lists and RELIDO', () => {
    assert.deepEqual(
      parseBanner('SECRET//REL TO USA, GBR/RELIDO/DISPLAY ONLY IRQ'),
      marking({ classification: 'S', relTo: ['GBR', 'USA'], relido: true, displayOnly: true, displayTo: ['IRQ'] }),
    );
  });

  test('keeps controls it does not interpret instead of dropping them', () => {
    assert.deepEqual(parseBanner('SECRET//NOFRN')?.otherControls, ['NOFRN']);
  });

  test('rejects text that is not a banner', () => {
    for (const text of ['', 'HELLO', 'SECRET//', 'SECRET//REL TO', 'SECRET//REL TO USA, GB-R', 'Copyright 2017 Stark Industries']) {
      assert.equal(parseBanner(text), undefined, text);
    }
  });

  test('configurable classification names', () => {
    const names = { U: 'OFFICIAL', C: 'OFFICIAL-SENSITIVE', S: 'SECRET', TS: 'TOP SECRET' } as const;
    assert.equal(parseBanner('OFFICIAL-SENSITIVE', names)?.classification, 'C');
    assert.equal(renderBanner(marking({ classification: 'U' }), { names }), 'OFFICIAL');
  });
});

describe('renderBanner', () => {
  test('CAPCO order: classification, other controls, then ORCON, NOFORN, REL TO, RELIDO, DISPLAY ONLY', () => {
    assert.equal(renderBanner(marking({ classification: 'TS', noforn: true, orcon: true, otherControls: ['SI'] })), 'TOP SECRET//SI//ORCON/NOFORN');
    assert.equal(renderBanner(marking({ classification: 'S', relTo: ['SYR', 'USA'] })), 'SECRET//REL TO USA, SYR');
    assert.equal(renderBanner(marking({ classification: 'S', relTo: ['USA', 'GBR'], displayOnly: true, displayTo: ['IRQ'] })), 'SECRET//REL TO USA, GBR/DISPLAY ONLY IRQ');
    assert.equal(renderBanner(marking({})), 'UNCLASSIFIED');
  });

  test('never renders NOFORN with REL TO', () => {
    assert.equal(renderBanner(marking({ classification: 'S', noforn: true, relTo: ['USA', 'GBR'] })), 'SECRET//NOFORN');
  });
});

describe('the shared synthetic reports (real layouts)', () => {
  test('banners recomputed from portion marks match the labelled banners', async (t) => {
    const { readdirSync, readFileSync, existsSync } = await import('node:fs');
    const { rollUp } = await import('./rollup.ts');
    const dir = new URL('../../../../shared/data/reports/', import.meta.url);
    if (!existsSync(dir)) return t.skip(`shared data absent: ${dir.pathname}`);
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const label = JSON.parse(readFileSync(new URL(file.replace('.txt', '.json'), dir), 'utf8')) as { markings: { classification: string; controls: string[] } };
      const banner = parseBanner(text.split('\n')[0] ?? '');
      const portions = [...text.matchAll(/^\s*\d+\.\s*(\([^)]*\))/gm)].map((m) => parseBanner(m[1] ?? ''));
      if (banner === undefined) {
        assert.equal(label.markings.classification, 'U', `${file}: no banner, so unclassified`);
        continue;
      }
      assert.equal(banner.classification, label.markings.classification, file);
      const controls = [
        ...banner.otherControls,
        ...(banner.orcon ? ['ORCON'] : []),
        ...(banner.noforn ? ['NOFORN'] : []),
        ...(banner.relTo ? [renderBanner(marking({ classification: 'S', relTo: banner.relTo })).replace('SECRET//', '')] : []),
      ];
      assert.deepEqual(controls.sort(), [...label.markings.controls].sort(), file);
      if (portions.length === 0) continue;
      assert.ok(portions.every((p) => p !== undefined), `${file}: every portion mark parses`);
      assert.deepEqual(rollUp(portions as NonNullable<(typeof portions)[number]>[], { ourCountry: 'USA' }), banner, `${file}: portions roll up to the banner`);
      checked++;
    }
    assert.equal(checked, 4, 'r08, r09, r10 and r11 carry portion marks');
  });
});
