// tearline audit verify|export: check the hash chain of the audit log, and write it out with
// its head so the head can be kept elsewhere (an anchor). `verify --anchor SEQ:HASH` also
// proves that nothing after that anchored entry was cut off.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { exportAuditLog } from '../../app/audit/exportLog.ts';
import { formatAnchor, parseAnchor, verifyAuditChain } from '../../app/audit/verify.ts';
import { STORE_OPTIONS, overridesFrom, parse } from '../args.ts';
import { openFor } from '../context.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';

const USAGE = `usage: tearline audit verify [--anchor SEQ:HASH] [--json]
       tearline audit export [--out FILE]
exit codes: 0 the chain is intact, 1 it is broken (the position is reported), 2 usage error
common options: --db PATH`;

const OPTIONS = { ...STORE_OPTIONS, anchor: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' } } as const;

export async function auditCommand(args: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest, OPTIONS);
  if ((sub !== 'verify' && sub !== 'export') || !parsed.ok || parsed.values.help === true || parsed.positionals.length > 0) {
    io.stderr.write(`${parsed.ok ? '' : `tearline audit: ${parsed.message}\n`}${USAGE}\n`);
    return parsed.ok && parsed.values.help === true ? EXIT_OK : EXIT_USAGE;
  }
  const anchorText = parsed.values.anchor;
  const anchor = anchorText === undefined ? undefined : parseAnchor(anchorText);
  if (anchorText !== undefined && anchor === undefined) {
    io.stderr.write('tearline audit: --anchor must be SEQ:HASH as printed by `audit verify` or `audit export`\n');
    return EXIT_USAGE;
  }
  const opened = await openFor(io, deps, overridesFrom(parsed.values));
  if (!opened.ok) return opened.exitCode;
  try {
    if (sub === 'export') {
      const out: Writable = parsed.values.out === undefined ? io.stdout : createWriteStream(parsed.values.out, { flags: 'wx', mode: 0o600 });
      const report = await exportAuditLog(opened.store.audit.scan(), deps.clock.now(), async (line) => {
        if (!out.write(line)) await once(out, 'drain');
      });
      if (out !== io.stdout) {
        out.end();
        await once(out, 'finish');
      }
      io.stderr.write(`exported ${report.entries} entries; head ${report.head === null ? '(empty log)' : formatAnchor(report.head)}\n`);
      if (report.break !== undefined) io.stderr.write(`the chain is BROKEN at entry ${report.break.position}: ${report.break.message}\n`);
      return report.ok ? EXIT_OK : EXIT_REJECTED;
    }
    const report = await verifyAuditChain(opened.store.audit.scan(), anchor);
    if (parsed.values.json === true) {
      io.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (report.ok) {
      io.stdout.write(`audit log intact: ${report.entries} entries; head ${report.head === null ? '(empty log)' : formatAnchor(report.head)}\n`);
    } else {
      io.stdout.write(`audit log BROKEN at entry ${report.break?.position}: ${report.break?.message}\n`);
      io.stdout.write(`entries before ${report.break?.position} are intact; ${report.entries} entries read\n`);
    }
    return report.ok ? EXIT_OK : EXIT_REJECTED;
  } finally {
    await opened.store.close();
  }
}
