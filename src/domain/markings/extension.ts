// Our own marking extension: classification, dissemination controls, REL TO, source protection
// and PAP as a STIX 2.1 property-extension on marking-definition objects (STIX 2.1 §7.3
// extension-definition, §7.2.1 marking-definition `extensions`). The extension-definition and
// the identity that publishes it have fixed ids and timestamps, so every bundle that uses the
// extension can carry the very same two objects.
import type { StixObject } from '../stix/object.ts';
import type { Marking } from './model.ts';
import { isDisseminationBearing } from './model.ts';
import { renderBanner, type ClassificationNames } from './banner.ts';
import { hashUuid4 } from './uuid.ts';

export const TEARLINE_MARKING_EXTENSION_ID = 'extension-definition--cd9668f0-71b3-4c8d-b68f-236c4d53192e';
export const TEARLINE_IDENTITY_ID = 'identity--0d31ecaa-7431-48e7-b912-0aeea73fc5e7';
/** Salt of the content-derived ids we give marking-definitions we write. */
const MARKING_ID_SALT = '2c539e8a-0ce6-4b89-a50f-15724d2391fa';
const PUBLISHED = '2025-01-01T00:00:00.000Z';

/** The identity that publishes the extension (STIX 2.1 §7.3: created_by_ref is required). */
export const TEARLINE_IDENTITY: StixObject = Object.freeze({
  type: 'identity',
  spec_version: '2.1',
  id: TEARLINE_IDENTITY_ID,
  created: PUBLISHED,
  modified: PUBLISHED,
  name: 'Tearline',
  description: 'The Tearline project, publisher of the Tearline marking extension.',
  identity_class: 'system',
});

export const TEARLINE_MARKING_EXTENSION: StixObject = Object.freeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: TEARLINE_MARKING_EXTENSION_ID,
  created_by_ref: TEARLINE_IDENTITY_ID,
  created: PUBLISHED,
  modified: PUBLISHED,
  name: 'Tearline marking',
  description:
    'Classification (U, C, S, TS), dissemination controls (NOFORN, ORCON, RELIDO, DISPLAY ONLY and others), ' +
    'REL TO and DISPLAY ONLY country lists (ISO 3166-1 alpha-3), source protection and PAP, as a property ' +
    'extension of marking-definition objects.',
  // STIX 2.1 §7.3: `schema` may be a URL or plain text explaining the definition.
  schema: 'Tearline source distribution, docs/partner-profile.md, section "Tearline marking extension".',
  version: '1.0.0',
  extension_types: ['property-extension'],
});

/** The extension's properties as they appear in JSON (snake case, STIX §3.1 naming). */
export interface TearlineMarkingProperties {
  readonly extension_type: 'property-extension';
  readonly classification?: string;
  readonly controls?: readonly string[];
  readonly rel_to?: readonly string[];
  readonly display_to?: readonly string[];
  readonly source_protected?: boolean;
  readonly conceal_source?: boolean;
  readonly tlp?: string;
  readonly pap?: string;
  /** Further-sharing scopes (ACS 3.0 style), when sharing is limited to them. */
  readonly sharing_scopes?: readonly string[];
  /** Parts of the marked content may not be torn out and released on their own. */
  readonly tearline_prohibited?: boolean;
}

/** The extension properties that express a marking. */
export function toExtensionProperties(m: Marking): TearlineMarkingProperties {
  const controls: string[] = [];
  if (m.noforn) controls.push('NOFORN');
  if (m.orcon) controls.push('ORCON');
  if (m.relido) controls.push('RELIDO');
  if (m.displayOnly) controls.push('DISPLAY ONLY');
  controls.push(...m.otherControls);
  return {
    extension_type: 'property-extension',
    ...(m.classification !== undefined ? { classification: m.classification } : {}),
    ...(controls.length > 0 ? { controls } : {}),
    ...(m.relTo !== undefined ? { rel_to: m.relTo } : {}),
    ...(m.displayTo !== undefined ? { display_to: m.displayTo } : {}),
    ...(m.sourceProtected ? { source_protected: true } : {}),
    ...(m.concealSource ? { conceal_source: true } : {}),
    ...(m.tlp !== undefined ? { tlp: m.tlp } : {}),
    ...(m.pap !== undefined ? { pap: m.pap } : {}),
    ...(m.sharingScopes !== undefined ? { sharing_scopes: m.sharingScopes } : {}),
    ...(!m.tearlineAllowed ? { tearline_prohibited: true } : {}),
  };
}

export interface WriteMarkingOptions {
  /** Who defines the marking (usually the releasing organisation). */
  readonly createdByRef?: string;
  /** Default: the extension's publication time, so equal markings give equal objects. */
  readonly created?: string;
  /** Display name; default: the rendered banner. */
  readonly name?: string;
  readonly names?: ClassificationNames;
  readonly ourCountry?: string;
}

/**
 * Writes a marking as a marking-definition using our extension. The id is derived from the
 * content and creator, so the same marking always gets the same id; it is formatted as a
 * version 4 UUID because STIX 2.1 §2.9 asks meta objects for v4 (a hash is as unpredictable
 * as a random draw for this purpose).
 */
export function toMarkingDefinition(m: Marking, options: WriteMarkingOptions = {}): StixObject {
  const properties = toExtensionProperties(m);
  const seed = JSON.stringify([options.createdByRef ?? null, properties]);
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${hashUuid4(MARKING_ID_SALT, seed)}`,
    ...(options.createdByRef !== undefined ? { created_by_ref: options.createdByRef } : {}),
    created: options.created ?? PUBLISHED,
    name: options.name ?? bannerName(m, options),
    extensions: { [TEARLINE_MARKING_EXTENSION_ID]: properties },
  };
}

function bannerName(m: Marking, options: WriteMarkingOptions): string {
  const speaks = isDisseminationBearing(m) || m.otherControls.length > 0;
  const banner = speaks ? renderBanner(m, { ...(options.names ? { names: options.names } : {}), ...(options.ourCountry ? { ourCountry: options.ourCountry } : {}) }) : '';
  const extras = [m.sourceProtected ? 'SOURCE PROTECTED' : '', m.tlp ? `TLP:${m.tlp.toUpperCase()}` : '', m.pap ? `PAP:${m.pap.toUpperCase()}` : ''];
  return [banner, ...extras].filter((e) => e !== '').join(' ') || 'NO RESTRICTION';
}
