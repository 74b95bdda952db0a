import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type CliIo } from '../io.ts';
import { extractCommand } from './extract.ts';

function io(stdinText?: string | Buffer): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stdin = new PassThrough();
  stdin.end(stdinText ?? '');
  return { io: { stdin, stdout, stderr, isTty: false, env: {}, cwd: tmpdir() }, out: () => out, err: () => err };
}

const dir = mkdtempSync(join(tmpdir(), 'tearline-extract-'));

describe('tearline extract', () => {
  test('prints {bundle, mentions} for a file', async () => {
    const file = join(dir, 'report.txt');
    writeFileSync(file, 'ISIS fighters attacked Mosul, Iraq on Monday.\n');
    const run = io();
    assert.equal(await extractCommand([file, '--published', '2025-03-04', '--json'], run.io), EXIT_OK);
    const result = JSON.parse(run.out()) as { bundle: { type: string }; mentions: { kind: string; value: unknown }[] };
    assert.equal(result.bundle.type, 'bundle');
    assert.ok(result.mentions.some((m) => m.kind === 'group' && m.value === 'Islamic State'));
  });

  test('reads stdin for -', async () => {
    const run = io('Daesh claimed a bombing in Kabul.');
    assert.equal(await extractCommand(['-', '--published', '2025-03-04', '--json'], run.io), EXIT_OK);
    assert.ok(run.out().includes('"Islamic State"'));
  });

  test('usage errors exit 2', async () => {
    for (const args of [[], ['x.txt', '--json'], ['x.txt', '--published', '2025-02-30', '--json'], ['x.txt', '--published', '2025-03-04'], ['x.txt', '--bogus']]) {
      const run = io();
      assert.equal(await extractCommand(args, run.io), EXIT_USAGE, args.join(' '));
      assert.match(run.err(), /usage: tearline extract/);
    }
  });

  test('binary files and invalid UTF-8 exit 1 with a clear message', async () => {
    const binary = join(dir, 'image.bin');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    const run = io();
    assert.equal(await extractCommand([binary, '--published', '2025-03-04', '--json'], run.io), EXIT_REJECTED);
    assert.match(run.err(), /binary/);
    const latin1 = io(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20]));
    assert.equal(await extractCommand(['-', '--published', '2025-03-04', '--json'], latin1.io), EXIT_REJECTED);
    assert.match(latin1.err(), /UTF-8/);
  });

  test('a 50 MB text is refused quickly above the size limit', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 'a'));
    const run = io();
    const started = performance.now();
    assert.equal(await extractCommand([big, '--published', '2025-03-04', '--json'], run.io), EXIT_REJECTED);
    assert.ok(performance.now() - started < 2000);
    assert.match(run.err(), /limit/);
    const stdin = io(Buffer.alloc(3 * 1024 * 1024, 'b'));
    assert.equal(await extractCommand(['-', '--published', '2025-03-04', '--json', '--max-bytes', '1000000'], stdin.io), EXIT_REJECTED);
  });
});
