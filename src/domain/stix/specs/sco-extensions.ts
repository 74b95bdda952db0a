// The predefined SCO extensions (STIX 2.1 §3.10, §6): their `extensions` keys and property tables.

import { childPath } from '../validate/issues.ts';
import {
  NETWORK_SOCKET_ADDRESS_FAMILY_ENUM, NETWORK_SOCKET_TYPE_ENUM, WINDOWS_INTEGRITY_LEVEL_ENUM, WINDOWS_PEBINARY_TYPE_OV,
  WINDOWS_SERVICE_START_TYPE_ENUM, WINDOWS_SERVICE_STATUS_ENUM, WINDOWS_SERVICE_TYPE_ENUM,
} from '../vocabularies.ts';
import {
  BOOLEAN, dictionary, either, enumOf, float, HASHES, HEX, INTEGER, list, NON_NEGATIVE_INTEGER, object, ref, refs,
  STRING, subObject, TIMESTAMP, vocab, ANY,
  type ObjectSpec,
} from './kinds.ts';
import { typesTarget } from './ref-targets.ts';

const FILE_OR_DIRECTORY = typesTarget('file', 'directory');
const ARTIFACT = typesTarget('artifact');

export const ARCHIVE_EXT = subObject({
  name: 'archive-ext', section: '6.7.2',
  props: { contains_refs: refs(FILE_OR_DIRECTORY), comment: STRING },
  required: ['contains_refs'],
});

const ALTERNATE_DATA_STREAM = subObject({
  name: 'alternate-data-stream-type', section: '6.7.3.2',
  props: { name: STRING, hashes: HASHES, size: NON_NEGATIVE_INTEGER },
  required: ['name'],
});

export const NTFS_EXT = subObject({
  name: 'ntfs-ext', section: '6.7.3',
  props: { sid: STRING, alternate_data_streams: list(object(ALTERNATE_DATA_STREAM)) },
  atLeastOneOf: ['sid', 'alternate_data_streams'],
});

export const PDF_EXT = subObject({
  name: 'pdf-ext', section: '6.7.4',
  props: { version: STRING, is_optimized: BOOLEAN, document_info_dict: dictionary(STRING), pdfid0: STRING, pdfid1: STRING },
  atLeastOneOf: ['version', 'is_optimized', 'document_info_dict', 'pdfid0', 'pdfid1'],
});

export const RASTER_IMAGE_EXT = subObject({
  name: 'raster-image-ext', section: '6.7.5',
  props: {
    image_height: INTEGER, image_width: INTEGER, bits_per_pixel: INTEGER,
    exif_tags: dictionary(either('an integer or a string', INTEGER, STRING)),
  },
  atLeastOneOf: ['image_height', 'image_width', 'bits_per_pixel', 'exif_tags'],
});

const PE_OPTIONAL_HEADER_PROPS = {
  magic_hex: HEX, major_linker_version: INTEGER, minor_linker_version: INTEGER, size_of_code: NON_NEGATIVE_INTEGER,
  size_of_initialized_data: NON_NEGATIVE_INTEGER, size_of_uninitialized_data: NON_NEGATIVE_INTEGER,
  address_of_entry_point: INTEGER, base_of_code: INTEGER, base_of_data: INTEGER, image_base: INTEGER,
  section_alignment: INTEGER, file_alignment: INTEGER, major_os_version: INTEGER, minor_os_version: INTEGER,
  major_image_version: INTEGER, minor_image_version: INTEGER, major_subsystem_version: INTEGER,
  minor_subsystem_version: INTEGER, win32_version_value_hex: HEX, size_of_image: NON_NEGATIVE_INTEGER,
  size_of_headers: NON_NEGATIVE_INTEGER, checksum_hex: HEX, subsystem_hex: HEX, dll_characteristics_hex: HEX,
  size_of_stack_reserve: NON_NEGATIVE_INTEGER, size_of_stack_commit: NON_NEGATIVE_INTEGER,
  size_of_heap_reserve: NON_NEGATIVE_INTEGER, size_of_heap_commit: NON_NEGATIVE_INTEGER, loader_flags_hex: HEX,
  number_of_rva_and_sizes: INTEGER, hashes: HASHES,
};

const PE_OPTIONAL_HEADER = subObject({
  name: 'windows-pe-optional-header-type', section: '6.7.6.2',
  props: PE_OPTIONAL_HEADER_PROPS,
  atLeastOneOf: Object.keys(PE_OPTIONAL_HEADER_PROPS),
});

const PE_SECTION = subObject({
  name: 'windows-pe-section-type', section: '6.7.6.3',
  props: { name: STRING, size: NON_NEGATIVE_INTEGER, entropy: float(0, 8), hashes: HASHES },
  required: ['name'],
});

export const WINDOWS_PEBINARY_EXT = subObject({
  name: 'windows-pebinary-ext', section: '6.7.6',
  props: {
    pe_type: vocab(WINDOWS_PEBINARY_TYPE_OV), imphash: STRING, machine_hex: HEX, number_of_sections: NON_NEGATIVE_INTEGER,
    time_date_stamp: TIMESTAMP, pointer_to_symbol_table_hex: HEX, number_of_symbols: NON_NEGATIVE_INTEGER,
    size_of_optional_header: NON_NEGATIVE_INTEGER, characteristics_hex: HEX, file_header_hashes: HASHES,
    optional_header: object(PE_OPTIONAL_HEADER), sections: list(object(PE_SECTION)),
  },
  required: ['pe_type'],
  // §6.7.6: "MUST contain at least one property other than the required pe_type property".
  check: (extension, base, ctx) => {
    for (const key in extension) if (key !== 'pe_type') return;
    ctx.sink.error(base, 'at-least-one-required', 'windows-pebinary-ext MUST contain a property other than pe_type (§6.7.6)');
  },
});

export const HTTP_REQUEST_EXT = subObject({
  name: 'http-request-ext', section: '6.12.2',
  props: {
    request_method: STRING, request_value: STRING, request_version: STRING, request_header: dictionary(list(STRING)),
    message_body_length: INTEGER, message_body_data_ref: ref(ARTIFACT),
  },
  required: ['request_method', 'request_value'],
});

export const ICMP_EXT = subObject({
  name: 'icmp-ext', section: '6.12.3',
  props: { icmp_type_hex: HEX, icmp_code_hex: HEX },
  required: ['icmp_type_hex', 'icmp_code_hex'],
});

export const SOCKET_EXT = subObject({
  name: 'socket-ext', section: '6.12.4',
  props: {
    address_family: enumOf(NETWORK_SOCKET_ADDRESS_FAMILY_ENUM), is_blocking: BOOLEAN, is_listening: BOOLEAN,
    options: dictionary(INTEGER), socket_type: enumOf(NETWORK_SOCKET_TYPE_ENUM), socket_descriptor: NON_NEGATIVE_INTEGER,
    socket_handle: INTEGER,
  },
  required: ['address_family'],
});

export const TCP_EXT = subObject({
  name: 'tcp-ext', section: '6.12.5',
  props: { src_flags_hex: HEX, dst_flags_hex: HEX },
  atLeastOneOf: ['src_flags_hex', 'dst_flags_hex'],
});

export const WINDOWS_PROCESS_EXT = subObject({
  name: 'windows-process-ext', section: '6.13.2',
  props: {
    aslr_enabled: BOOLEAN, dep_enabled: BOOLEAN, priority: STRING, owner_sid: STRING, windows_title: STRING,
    startup_info: dictionary(ANY), integrity_level: enumOf(WINDOWS_INTEGRITY_LEVEL_ENUM),
  },
  atLeastOneOf: ['aslr_enabled', 'dep_enabled', 'priority', 'owner_sid', 'windows_title', 'startup_info', 'integrity_level'],
  check: (extension, base, ctx) => {
    const priority = extension['priority'];
    if (typeof priority === 'string' && !priority.endsWith('_CLASS')) {
      ctx.sink.warn(childPath(base, 'priority'), 'priority-format', 'priority SHOULD be a string that ends in _CLASS (§6.13.2)');
    }
  },
});

export const WINDOWS_SERVICE_EXT = subObject({
  name: 'windows-service-ext', section: '6.13.3',
  props: {
    service_name: STRING, descriptions: list(STRING), display_name: STRING, group_name: STRING,
    start_type: enumOf(WINDOWS_SERVICE_START_TYPE_ENUM), service_dll_refs: refs(typesTarget('file')),
    service_type: enumOf(WINDOWS_SERVICE_TYPE_ENUM), service_status: enumOf(WINDOWS_SERVICE_STATUS_ENUM),
  },
  atLeastOneOf: ['service_name', 'descriptions', 'display_name', 'group_name', 'start_type', 'service_dll_refs', 'service_type', 'service_status'],
});

export const UNIX_ACCOUNT_EXT = subObject({
  name: 'unix-account-ext', section: '6.16.2',
  props: { gid: INTEGER, groups: list(STRING), home_dir: STRING, shell: STRING },
  atLeastOneOf: ['gid', 'groups', 'home_dir', 'shell'],
});

export function extensionMap(...specs: ObjectSpec[]): ReadonlyMap<string, ObjectSpec> {
  return new Map(specs.map((spec) => [spec.name, spec]));
}
