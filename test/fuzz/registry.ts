// Every fuzz target, by name. A new target is one module in targets/ and one line here.
// TAXII routes are fuzzed inside http-api (read from the server's route table); partner
// credentials for them are the hook still open (TAXII_AUTH in targets/httpApi.ts).
import { anyTarget, type AnyTarget } from './target.ts';
import { csvImporterTarget } from './targets/csvImporter.ts';
import { httpApiTarget } from './targets/httpApi.ts';
import { markingsTarget } from './targets/markings.ts';
import { mispImporterTarget } from './targets/mispImporter.ts';
import { patternParserTarget } from './targets/patternParser.ts';
import { stixValidatorTarget } from './targets/stixValidator.ts';
import { textExtractorTarget } from './targets/textExtractor.ts';

export const TARGETS: readonly AnyTarget[] = [
  anyTarget(stixValidatorTarget),
  anyTarget(patternParserTarget),
  anyTarget(mispImporterTarget),
  anyTarget(csvImporterTarget),
  anyTarget(textExtractorTarget),
  anyTarget(httpApiTarget),
  anyTarget(markingsTarget),
];

export function targetNamed(name: string): AnyTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
