// The `extensions` common property (§3.2): extension-definition instances (§7.3),
// predefined SCO extensions (§3.10) and deprecated custom SCO extensions (§11.3).

import { isIdentifier } from '../identifiers.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import { categoryOf } from '../object-types.ts';
import type { Ctx } from '../specs/kinds.ts';
import { EXTENSION_TYPE_ENUM } from '../vocabularies.ts';
import { checkUnknownPropertyName } from './custom-properties.ts';
import { childPath } from './issues.ts';
import { validateProperties } from './values.ts';

const DEFINITION_PREFIX = 'extension-definition--';

/** Flags from a first look at an object's extensions, needed before its properties are judged. */
export const TOPLEVEL_PROPERTY_EXTENSION = 1;
export const NEW_SDO = 2;
export const NEW_SCO = 4;
export const NEW_SRO = 8;

/** Which extension types an object's extension-definition instances declare, as flags. */
export function scanExtensionTypes(extensions: unknown): number {
  if (!isJsonObject(extensions)) return 0;
  let flags = 0;
  for (const key in extensions) {
    const extension = extensions[key];
    if (!isJsonObject(extension)) continue;
    switch (extension['extension_type']) {
      case 'toplevel-property-extension': flags |= TOPLEVEL_PROPERTY_EXTENSION; break;
      case 'new-sdo': flags |= NEW_SDO; break;
      case 'new-sco': flags |= NEW_SCO; break;
      case 'new-sro': flags |= NEW_SRO; break;
    }
  }
  return flags;
}

/** §11.3.1: a-z, 0-9 and hyphen, 3 to 250 characters, ending in `-ext`. */
function isCustomExtensionName(name: string): boolean {
  const n = name.length;
  if (n < 3 || n > 250 || !name.endsWith('-ext')) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

function validateDefinedExtension(extension: JsonObject, path: string, ctx: Ctx): void {
  const extensionType = extension['extension_type'];
  const typePath = childPath(path, 'extension_type');
  if (extensionType === undefined) {
    // §3.2: "When this extension facility is used the extension_type property MUST be present."
    ctx.sink.error(typePath, 'missing-extension-type', 'an extension-definition extension MUST have extension_type (§3.2)');
  } else if (typeof extensionType !== 'string' || !EXTENSION_TYPE_ENUM.values.has(extensionType)) {
    ctx.sink.error(typePath, 'not-in-enum', `extension_type ${JSON.stringify(extensionType)} is not a value of extension-type-enum (§10.5)`);
  } else if (extensionType.startsWith('new-') && categoryOf(ctx.type) !== 'custom') {
    // §7.3: the extension mechanism "MUST NOT be used to redefine existing standardized objects".
    ctx.sink.error(typePath, 'extension-redefines-type', `${ctx.type} is defined by STIX and MUST NOT be redefined by a ${extensionType} extension (§7.3)`);
  }
  for (const key in extension) {
    if (key !== 'extension_type') checkUnknownPropertyName(key, childPath(path, key), ctx, 'extension');
  }
}

function validateCustomExtension(extension: JsonObject, path: string, ctx: Ctx): void {
  let count = 0;
  for (const key in extension) {
    count++;
    checkUnknownPropertyName(key, childPath(path, key), ctx, 'extension');
  }
  // §11.3.1: "A Custom Extension MUST have one or more properties."
  if (count === 0) ctx.sink.error(path, 'empty-extension', 'a custom extension MUST have one or more properties (§11.3.1)');
}

export function validateExtensions(value: unknown, path: string, ctx: Ctx): void {
  if (!isJsonObject(value)) {
    ctx.sink.error(path, 'invalid-type', 'extensions MUST be a dictionary (§3.2)');
    return;
  }
  let count = 0;
  for (const key in value) {
    count++;
    const extension = value[key];
    const extensionPath = childPath(path, key);
    if (!isJsonObject(extension)) {
      ctx.sink.error(extensionPath, 'invalid-type', 'an extension MUST be an object holding the extension instance (§3.2)');
      continue;
    }
    if (key.startsWith(DEFINITION_PREFIX)) {
      if (!isIdentifier(key)) {
        ctx.sink.error(extensionPath, 'invalid-extension-key', `"${key}" is not an extension-definition identifier (§7.3)`);
      }
      validateDefinedExtension(extension, extensionPath, ctx);
      continue;
    }
    const predefined = ctx.spec.predefinedExtensions.get(key);
    if (predefined) {
      validateProperties(predefined, extension, extensionPath, ctx, predefined.unknownProps);
    } else if (ctx.category === 'sco' || ctx.category === 'custom') {
      // §11.3: custom (deprecated) extensions are for SCOs only, named `...-ext`.
      if (isCustomExtensionName(key)) {
        ctx.sink.warn(extensionPath, 'deprecated-custom-extension', `custom extension "${key}" is deprecated; use an extension definition (§11.3)`);
      } else {
        ctx.sink.error(extensionPath, 'invalid-extension-key', `"${key}" is neither an extension-definition id, a predefined extension nor a valid custom extension name (a-z, 0-9, -, ending in -ext) (§11.3.1)`);
      }
      validateCustomExtension(extension, extensionPath, ctx);
    } else {
      ctx.sink.warn(extensionPath, 'unrecognised-extension-key', `extension key "${key}" SHOULD be the id of an extension definition (§3.2, §7.3)`);
      validateCustomExtension(extension, extensionPath, ctx);
    }
  }
  if (count === 0) ctx.sink.error(path, 'empty-dictionary', 'an empty extensions dictionary MUST NOT be used (§2.3)');
}
