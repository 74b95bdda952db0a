// The fixed objects every extraction bundle carries: Tearline's extractor identity and the
// extension definitions for mentions and for the observable types STIX 2.1 lacks
// (STIX 2.1 §7.3 extension-definition; §7.3.1 property-extension and new-sco).
import type { StixObject } from '../../../domain/stix/object.ts';
import { TEXT_EXTRACTOR_IDENTITY_ID } from '../../../domain/markings/systemIdentities.ts';

const DEFINED = '2025-01-01T00:00:00.000Z';

export const EXTRACTOR_IDENTITY_ID = TEXT_EXTRACTOR_IDENTITY_ID;
/** x-tearline-mentions: where in the source text each object was found. */
export const MENTIONS_EXTENSION_ID = 'extension-definition--3f6c2a8e-91b4-4d7e-a05c-7e2d9b41c8f5';
/** x-tearline-observables: phone numbers, cryptocurrency wallets, vehicle plates. */
export const OBSERVABLES_EXTENSION_ID = 'extension-definition--c1d7e4a9-5b38-4f62-8e0a-2d9f6b3c7a14';

export const PHONE_TYPE = 'x-tearline-phone-number';
export const WALLET_TYPE = 'x-tearline-crypto-wallet';
export const PLATE_TYPE = 'x-tearline-vehicle-plate';

export const EXTRACTOR_IDENTITY: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: EXTRACTOR_IDENTITY_ID,
  created: DEFINED,
  modified: DEFINED,
  name: 'Tearline text extraction',
  description: 'Automatic extraction of entities, observables and markings from free text. Its output is unconfirmed until an analyst reviews it.',
  identity_class: 'system',
};

export const MENTIONS_EXTENSION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: MENTIONS_EXTENSION_ID,
  created_by_ref: EXTRACTOR_IDENTITY_ID,
  created: DEFINED,
  modified: DEFINED,
  name: 'x-tearline-mentions',
  description:
    'Where an object was found in its source text: mentions [{text, start, end}] as UTF-16 offsets, how it was extracted (automatic) and whether an analyst confirmed it. On a report: the dates and the portion marks found in its text.',
  // STIX 2.1 §7.3: the schema may be plain text; ours is documented in src/ingest/text/README.md.
  schema: 'Property extension. mentions: array of {text: string, start: integer, end: integer} (UTF-16 offsets into the source text); extraction: "automatic"; confirmed: boolean; key: string; confidence: integer 0-50 (SCOs). On a report: dates [{text, start, end, value}], portions [{start, end, marking}], markings [{text, start, end, scope}].',
  version: '1.0.0',
  extension_types: ['property-extension'],
};

export const OBSERVABLES_EXTENSION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: OBSERVABLES_EXTENSION_ID,
  created_by_ref: EXTRACTOR_IDENTITY_ID,
  created: DEFINED,
  modified: DEFINED,
  name: 'x-tearline-observables',
  description: `Observable types STIX 2.1 does not define: ${PHONE_TYPE} (value: E.164), ${WALLET_TYPE} (value, currency) and ${PLATE_TYPE} (value: upper case, no spaces or hyphens).`,
  schema: 'New SCO types: x-tearline-phone-number {value: E.164 string}; x-tearline-crypto-wallet {value: string, currency: string}; x-tearline-vehicle-plate {value: string, upper case without spaces or hyphens}. Id contributing property: value.',
  version: '1.0.0',
  extension_types: ['new-sco'],
};

/** STIX 2.1 §7.2.1.4: the predefined TLP 1.0 marking definitions, content fixed by the spec. */
export const TLP_V1: Readonly<Record<string, StixObject>> = Object.fromEntries(
  (
    [
      ['WHITE', '613f2e26-407d-48c7-9eca-b8e91df99dc9'],
      ['GREEN', '34098fce-860f-48ae-8e50-ebd3cc5e41da'],
      ['AMBER', 'f88d31f6-486f-44da-b317-01333bde0b82'],
      ['RED', '5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
    ] as const
  ).map(([level, uuid]) => [
    level,
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: `marking-definition--${uuid}`,
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: `TLP:${level}`,
      definition: { tlp: level.toLowerCase() },
    },
  ]),
);
