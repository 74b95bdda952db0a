// `tearline <command>`: dispatch only. Each command lives in commands/ and gets the io and
// the dependencies built by the composition root.
import type { CliDeps } from './deps.ts';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io.ts';
import { ingestCommand } from './commands/ingest.ts';
import { exportCommand } from './commands/export.ts';
import { statsCommand } from './commands/stats.ts';
import { serveCommand } from './commands/serve.ts';
import { extractCommand } from './commands/extract.ts';
import { tearlineCommand } from './commands/tearline.ts';
import { userCommand } from './commands/user.ts';
import { tokenCommand } from './commands/token.ts';
import { auditCommand } from './commands/audit.ts';
import { configCommand } from './commands/config.ts';
import { threatCommand } from './commands/threat.ts';
import { warningCommand } from './commands/warning.ts';
import { reportCommand } from './commands/report.ts';
import { partnerCommand } from './commands/partner.ts';
import { collectionCommand } from './commands/collection.ts';
import { accountCommand } from './commands/account.ts';
import { taxiiCommand } from './commands/taxii.ts';
import { feedCommand } from './commands/feed.ts';
import { deliveryCommand } from './commands/delivery.ts';
import { dbCommand } from './commands/db.ts';

type Command = (args: readonly string[], io: CliIo, deps: CliDeps) => Promise<number>;

const COMMANDS: Readonly<Record<string, { readonly run: Command; readonly summary: string }>> = {
  start: { run: serveCommand('start'), summary: 'serve, loading the demo scenario into an empty store' },
  serve: { run: serveCommand('serve'), summary: 'run the HTTP server (REST API)' },
  ingest: { run: ingestCommand, summary: 'validate and store a STIX bundle or object (file or -)' },
  export: { run: exportCommand, summary: 'write the latest versions as one STIX bundle to stdout' },
  stats: { run: statsCommand, summary: 'what the store holds' },
  extract: { run: (args, io) => extractCommand(args, io), summary: 'extract STIX from a report text, without storing (--json)' },
  tearline: { run: (args, io) => tearlineCommand(args, io), summary: 'compute the tearline for one partner from files, without storing' },
  user: { run: userCommand, summary: 'internal users: add, list, set, disable, enable, passwd (as the local operator)' },
  token: { run: tokenCommand, summary: 'API tokens: create, revoke, list' },
  audit: { run: auditCommand, summary: 'the audit log: verify its hash chain, export it with its head' },
  config: { run: configCommand, summary: 'check: validate the configuration and print it without secrets' },
  threat: { run: threatCommand, summary: 'list, show, merge, split, pin, reject, reassess or re-fuse threats' },
  warning: { run: warningCommand, summary: 'duty-to-warn cases: list, show, apply a command --as a user, draft, preview, deadlines' },
  report: { run: reportCommand, summary: 'oversight: time to warn per stage, breaches, waivers, deliveries (--from --to --json)' },
  partner: { run: partnerCommand, summary: 'partner profiles (add, list, show, remove) and the release policy (policy set, show)' },
  collection: { run: collectionCommand, summary: 'TAXII collections: add, list, remove (and who may read or write them)' },
  account: { run: accountCommand, summary: 'TAXII accounts (partners, systems): add, grant, list, remove' },
  taxii: { run: taxiiCommand, summary: 'TAXII client: pull a remote collection, push a bundle to one' },
  feed: { run: feedCommand, summary: 'TAXII feeds pulled by the server on an interval: add, list, remove' },
  delivery: { run: deliveryCommand, summary: 'warning deliveries: list (--dead), show, retry, ack --attest, record, dispatch, disclose, print' },
  db: { run: dbCommand, summary: 'copy: move a whole store between SQLite and PostgreSQL (--from sqlite:PATH --to postgres://...)' },
};

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(usage(deps.version));
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version') {
    io.stdout.write(`${deps.version}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`tearline: unknown command '${name}'\n${usage(deps.version)}`);
    return EXIT_USAGE;
  }
  return command.run(rest, io, deps);
}

function usage(version: string): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `tearline ${version}: threat warning and intelligence sharing\n\nusage: tearline <command> [options]\n\n${lines.join('\n')}\n\nCommon options: --db PATH (or TEARLINE_DB; default ./data/tearline.db)\nExit codes: 0 ok, 1 rejected input, 2 usage error\n`;
}
