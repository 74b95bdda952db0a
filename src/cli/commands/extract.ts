// tearline extract <file|-> --published YYYY-MM-DD [--source NAME] [--max-bytes N] --json:
// reads a report text and prints the STIX bundle and the mentions extracted from it,
// without storing anything. Binary or non-UTF-8 input is refused (exit 1), as is input
// above the size limit, so a 50 MB paste is bounded instead of hanging the terminal.
import { parseArgs } from 'node:util';
import { extractFromText } from '../../ingest/text/index.ts';
import { checkText, MAX_REPORT_TEXT_BYTES } from '../../ingest/text/input.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliCommand } from '../io.ts';
import { readInput } from '../readInput.ts';
import { isIsoDate } from '../isoDate.ts';

const USAGE = 'usage: tearline extract <file|-> --published YYYY-MM-DD [--source NAME] [--max-bytes N] --json';
/** Default input limit; override with --max-bytes or TEARLINE_EXTRACT_MAX_BYTES. */
export const DEFAULT_MAX_BYTES = MAX_REPORT_TEXT_BYTES;

export const extractCommand: CliCommand = async (args, io) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { published: { type: 'string' }, source: { type: 'string' }, 'max-bytes': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr.write(`tearline extract: ${(error as Error).message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  const published = values.published;
  if (positionals.length !== 1 || published === undefined || !isIsoDate(published) || values.json !== true) {
    const why = positionals.length !== 1 ? 'give exactly one FILE (or - for stdin)' : published === undefined ? '--published is required' : !isIsoDate(published) ? `--published must be a date YYYY-MM-DD, got ${published}` : '--json is required (the only output format)';
    io.stderr.write(`tearline extract: ${why}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const limitText = values['max-bytes'] ?? io.env.TEARLINE_EXTRACT_MAX_BYTES;
  const maxBytes = limitText === undefined ? DEFAULT_MAX_BYTES : Number(limitText);
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    io.stderr.write(`tearline extract: --max-bytes must be a positive integer, got ${limitText ?? ''}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const source = positionals[0] as string;
  const input = await readInput(source === '-' ? '-' : resolvePath(io.cwd, source), io.stdin, maxBytes);
  if (!input.ok) {
    io.stderr.write(`tearline extract: ${input.code}: ${input.message}\n`);
    return EXIT_REJECTED;
  }
  const text = checkText(input.bytes);
  if (!text.ok) {
    io.stderr.write(`tearline extract: ${text.error.code}: ${text.error.message}\n`);
    return EXIT_REJECTED;
  }
  const result = extractFromText(text.text, { published, ...(values.source !== undefined ? { sourceName: values.source } : {}) });
  io.stdout.write(`${JSON.stringify(result)}\n`);
  return EXIT_OK;
};

function resolvePath(cwd: string, file: string): string {
  return file.startsWith('/') ? file : `${cwd.replace(/\/$/, '')}/${file}`;
}
