// Identities of Tearline's own software, as opposed to organisations. A marking-definition
// one of them created states a marking (the text extractor turns a banner line such as
// `SECRET//REL TO USA, GBR` into one); it holds no one's intelligence, so it may travel with
// a release like our own definitions do. What such a marking marks is still judged by its
// own originator and markings: this set never makes an object "ours".
import { TEARLINE_IDENTITY_ID } from './extension.ts';

/** The text extractor (src/ingest/text): creator of the statement markings it reads from banners. */
export const TEXT_EXTRACTOR_IDENTITY_ID = 'identity--8a4e9b52-6c1d-4f3a-9e27-5b0d8c7f1a63';

export const SYSTEM_IDENTITY_IDS: ReadonlySet<string> = new Set([TEARLINE_IDENTITY_ID, TEXT_EXTRACTOR_IDENTITY_ID]);
