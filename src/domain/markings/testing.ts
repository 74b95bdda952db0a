// fast-check arbitraries for markings, shared by the marking, policy and tearline tests.
// (Test support only: imported from *.test.ts files, never from production code.)
import fc from 'fast-check';
import type { Marking } from './model.ts';
import { CLASSIFICATIONS, PAP_LEVELS, TLP_LEVELS, marking } from './model.ts';

export const COUNTRY_POOL = ['USA', 'GBR', 'AUS', 'CAN', 'NZL', 'SYR', 'IRQ', 'FRA', 'DEU', 'JOR'] as const;

const countries = fc.subarray([...COUNTRY_POOL], { minLength: 0 });

/** Any marking our model can express, including odd but legal combinations. */
export const arbMarking: fc.Arbitrary<Marking> = fc
  .record(
    {
      classification: fc.option(fc.constantFrom(...CLASSIFICATIONS), { nil: undefined }),
      noforn: fc.boolean(),
      orcon: fc.boolean(),
      relido: fc.boolean(),
      displayOnly: fc.boolean(),
      relTo: fc.option(countries, { nil: undefined }),
      displayTo: fc.option(countries, { nil: undefined }),
      sourceProtected: fc.boolean(),
      concealSource: fc.boolean(),
      tlp: fc.option(fc.constantFrom(...TLP_LEVELS), { nil: undefined }),
      pap: fc.option(fc.constantFrom(...PAP_LEVELS), { nil: undefined }),
      otherControls: fc.subarray(['SI', 'FOUO', 'LES', 'TK']),
      sharingScopes: fc.option(fc.subarray(['FOREIGNGOV', 'USA.USG', 'SECTOR']), { nil: undefined }),
      tearlineAllowed: fc.boolean(),
    },
    { requiredKeys: ['noforn', 'orcon', 'relido', 'displayOnly', 'sourceProtected', 'concealSource', 'otherControls', 'tearlineAllowed'] },
  )
  .map((r) => {
    const clean = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Partial<Marking>;
    return marking(clean);
  });
