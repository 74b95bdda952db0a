import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { StixObject } from '../../domain/stix/object.ts';
import { AUTOMATIC_CONFIDENCE_CAP, MENTIONS_EXTENSION_ID, checkText, extractFromText } from './index.ts';

// Written for this test; not in the labelled corpus.
const CABLE = `SECRET//REL TO USA, GBR
SUBJECT: (S//REL TO USA, GBR) THREAT TO KIRKUK MARKET

1. (S//REL TO USA, FVEY) A Daesh cell led by Omar Saleh plans a car bomb at the Kirkuk Citadel on Friday. Its contact uses +964 770 555 0123 and hxxp://cell-drop[.]info/x.

2. (U) The Iraqi police in Kirkuk were told on 2 March 2025.

SECRET//REL TO USA, GBR
`;

const objects = (text: string): StixObject[] => [...(extractFromText(text, { published: '2025-03-04', now: '2025-03-04T08:00:00.000Z' }).bundle.objects ?? [])];

describe('extractFromText', () => {
  test('mentions point into the text: slice(start, end) is the mention text', () => {
    const { mentions } = extractFromText(CABLE, { published: '2025-03-04' });
    assert.ok(mentions.length > 10);
    for (const m of mentions) assert.equal(CABLE.slice(m.start, m.end), m.text);
    const pieces = ['ISIS', 'Baghdad', 'Monday', '+1 202 555 0143', 'bad[.]example[.]com', 'Colonel Ali Hassan said', 'SECRET//NOFORN', '(S//NF)', 'car bomb', '2019', 'hxxp://x[.]y/z', 'é', '\n\n', 'Mosul Dam'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 })), { maxLength: 25 }), (parts) => {
        const text = parts.join(' ');
        for (const m of extractFromText(text, { published: '2025-01-01' }).mentions) assert.equal(text.slice(m.start, m.end), m.text);
      }),
      { numRuns: 60 },
    );
  });

  test('the bundle holds a report whose object_refs resolve, each object with its mentions', () => {
    const all = objects(CABLE);
    const byId = new Map(all.map((o) => [o.id, o]));
    const report = all.find((o) => o.type === 'report') as StixObject;
    assert.equal(report.published, '2025-03-04T00:00:00.000Z');
    const refs = report.object_refs as string[];
    for (const ref of refs) assert.ok(byId.has(ref), `unresolved ${ref}`);
    const types = new Set(refs.map((r) => r.split('--')[0]));
    for (const t of ['threat-actor', 'identity', 'location', 'attack-pattern', 'x-tearline-phone-number', 'url']) assert.ok(types.has(t), `missing ${t}`);
    assert.ok(all.some((o) => o.type === 'extension-definition' && o.id === MENTIONS_EXTENSION_ID));
    for (const ref of refs) {
      const ext = ((byId.get(ref) as StixObject).extensions as Record<string, { mentions: { text: string; start: number; end: number }[] }>)[MENTIONS_EXTENSION_ID];
      assert.ok(ext !== undefined && ext.mentions.length > 0);
      for (const m of ext.mentions) assert.equal(CABLE.slice(m.start, m.end), m.text);
    }
    const actor = all.find((o) => o.type === 'threat-actor');
    assert.equal(actor?.name, 'Islamic State');
    const url = all.find((o) => o.type === 'url');
    assert.equal(url?.value, 'http://cell-drop.info/x');
    assert.equal(url?.defanged, true);
  });

  test('automatic extraction caps confidence at 50', () => {
    for (const o of objects(CABLE)) {
      if (typeof o.confidence === 'number') assert.ok(o.confidence <= AUTOMATIC_CONFIDENCE_CAP);
      const ext = (o.extensions as Record<string, { confidence?: number; confirmed?: boolean }> | undefined)?.[MENTIONS_EXTENSION_ID];
      if (ext?.confidence !== undefined) assert.ok(ext.confidence <= AUTOMATIC_CONFIDENCE_CAP);
      if (ext !== undefined) assert.equal(ext.confirmed, false);
    }
    assert.ok(objects(CABLE).some((o) => o.confidence === AUTOMATIC_CONFIDENCE_CAP));
  });

  test('banner recomputed from portions marks the report; portions get granular markings', () => {
    const all = objects(CABLE);
    const report = all.find((o) => o.type === 'report') as StixObject;
    const definition = (id: string): string => ((all.find((o) => o.id === id)?.definition as { statement: string }) ?? { statement: '' }).statement;
    assert.deepEqual((report.object_marking_refs as string[]).map(definition), ['SECRET//REL TO USA, GBR']);
    const granular = report.granular_markings as { marking_ref: string; selectors: string[] }[];
    assert.deepEqual(granular.map((g) => definition(g.marking_ref)), ['SECRET//REL TO USA, GBR', 'SECRET//REL TO USA, FVEY', 'UNCLASSIFIED']);
    assert.ok(granular.every((g) => g.selectors[0]?.startsWith(`extensions.${MENTIONS_EXTENSION_ID}.portions.[`)));
    // An object named only in the (U) portion is unclassified; the car bomb sits in portion 1.
    const police = all.find((o) => o.type === 'attack-pattern') as StixObject;
    assert.deepEqual((police.object_marking_refs as string[]).map(definition), ['SECRET//REL TO USA, AUS, CAN, GBR, NZL']);
  });

  test('TLP labels use the predefined TLP 1.0 markings', () => {
    const all = objects('TLP:AMBER\nISIS members met in Mosul on Monday.');
    const report = all.find((o) => o.type === 'report') as StixObject;
    assert.deepEqual(report.object_marking_refs, ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82']);
  });

  test('a text with nothing to extract still gives a valid report', () => {
    const all = objects('nothing here at all');
    const report = all.find((o) => o.type === 'report') as StixObject;
    assert.ok((report.object_refs as string[]).length === 1);
  });

  test('a large text is processed in time linear in its length', () => {
    const block = `${CABLE.replace(/SECRET\/\/REL TO USA, GBR\n/g, '')}\n`;
    const small = block.repeat(20);
    const large = block.repeat(200);
    const time = (text: string): number => {
      const started = performance.now();
      extractFromText(text, { published: '2025-03-04' });
      return performance.now() - started;
    };
    time(small);
    const ratio = time(large) / time(small);
    assert.ok(ratio < 25, `10x text took ${ratio.toFixed(1)}x the time`);
  });

  test('the bundle passes the STIX validator', async (t) => {
    const path = new URL('../../domain/stix/index.ts', import.meta.url);
    if (!existsSync(path)) return t.skip('validateBundle not written yet (src/domain/stix/index.ts absent)');
    const module = (await import(path.href)) as { validateBundle?: (bundle: unknown) => { errors?: unknown[] } };
    if (typeof module.validateBundle !== 'function') return t.skip('src/domain/stix/index.ts exports no validateBundle yet');
    for (const text of [CABLE, 'TLP:AMBER+STRICT\nCall 0722 555 091 in Nairobi, Kenya; wallet bc1qlw7j7pwpaww202vd8q56sgmgvpus69n75plefc.', 'nothing']) {
      const result = module.validateBundle(extractFromText(text, { published: '2025-03-04' }).bundle);
      // Warnings (UUIDv5 ids, open-vocabulary values such as account_type "telegram") are deliberate.
      assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors).slice(0, 2000));
    }
  });
});

describe('checkText', () => {
  test('refuses binary input and invalid UTF-8, accepts text (BOM dropped)', () => {
    assert.deepEqual(checkText(Buffer.from([0x48, 0x00, 0x49])).ok, false);
    const bad = checkText(Buffer.from([0x48, 0xc3, 0x28]));
    assert.equal(bad.ok ? '' : bad.error.code, 'invalid-utf8');
    const good = checkText(Buffer.from('\uFEFFKabul é', 'utf8'));
    assert.equal(good.ok ? good.text : '', 'Kabul é');
  });
});
