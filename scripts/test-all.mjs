#!/usr/bin/env node
// npm run test:all [-- --only test,crash,fuzz,load]: every proving suite in turn (`npm test`,
// test:crash, test:fuzz, test:load), each run even when one before it failed. Records each
// one's exit status, duration and figures (the JSON a suite writes to test-output/suites/, or
// the node:test counts of `npm test`), writes test-output/summary.md and summary.json, prints
// the markdown, and exits 1 if any suite failed. Each suite's output is kept in test-output/logs/.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test-output');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const SUITES = [
  { name: 'test', command: [npm, 'test'], figures: nodeTestCounts },
  { name: 'crash', command: [npm, 'run', 'test:crash'], figures: suiteJson('crash') },
  { name: 'fuzz', command: [npm, 'run', 'test:fuzz'], figures: suiteJson('fuzz') },
  { name: 'load', command: [npm, 'run', 'test:load'], figures: suiteJson('load') },
];

const only = optionValue('--only')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
const unknown = only?.filter((name) => !SUITES.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`test:all: unknown suite ${unknown.join(', ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const chosen = SUITES.filter((s) => only === undefined || only.includes(s.name));

mkdirSync(join(out, 'logs'), { recursive: true });
const started = new Date();
const loadAtStart = loadavg();
const results = [];
for (const suite of chosen) {
  console.log(`\n=== ${suite.name}: ${suite.command.join(' ')} ===\n`);
  const suiteStarted = Date.now();
  const { code, signal, output } = await run(suite.command);
  const seconds = (Date.now() - suiteStarted) / 1000;
  writeFileSync(join(out, 'logs', `${suite.name}.log`), output);
  const figures = suite.figures(output, suiteStarted);
  results.push({
    suite: suite.name,
    command: suite.command.join(' '),
    passed: code === 0,
    exitCode: code,
    signal,
    seconds: Math.round(seconds * 10) / 10,
    figures: figures.value,
    figuresNote: figures.note,
    log: `test-output/logs/${suite.name}.log`,
  });
}
const summary = {
  when: started.toISOString(),
  finished: new Date().toISOString(),
  passed: results.every((r) => r.passed),
  git: gitState(),
  node: process.version,
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAtStart: loadAtStart.map(round2), loadAtEnd: loadavg().map(round2) },
  suites: results,
};
writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
const markdown = toMarkdown(summary);
writeFileSync(join(out, 'summary.md'), markdown);
console.log(`\n${markdown}`);
process.exit(summary.passed ? 0 : 1);

function optionValue(name) {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (at < 0) return undefined;
  return args[at].includes('=') ? args[at].slice(name.length + 1) : args[at + 1];
}

/** Runs a command with its output shown as it comes and kept. */
function run([command, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const keep = (stream) => (chunk) => {
      stream.write(chunk);
      chunks.push(chunk);
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('error', (error) => chunks.push(Buffer.from(`\n${error.message}\n`)));
    child.on('close', (code, signal) => resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** node:test's closing counts (`# tests N` in TAP, `ℹ tests N` from the spec reporter); the last of each wins. */
function nodeTestCounts(output) {
  const counts = {};
  for (const match of output.matchAll(/^(?:#|ℹ) (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$/gm)) counts[match[1]] = Number(match[2]);
  if (counts.tests === undefined) return { value: null, note: 'no figures: no node:test summary in the output (did typecheck or lint fail first?)' };
  return { value: counts, note: null };
}

/** The figures a suite wrote to test-output/suites/<name>.json during this run. */
function suiteJson(name) {
  return (_output, since) => {
    const path = join(out, 'suites', `${name}.json`);
    if (!existsSync(path)) return { value: null, note: `no figures: test-output/suites/${name}.json was not written` };
    if (statSync(path).mtimeMs < since) return { value: null, note: `no figures: test-output/suites/${name}.json is from an earlier run` };
    try {
      return { value: JSON.parse(readFileSync(path, 'utf8')), note: null };
    } catch (error) {
      return { value: null, note: `no figures: test-output/suites/${name}.json is not JSON (${error.message})` };
    }
  };
}

function gitState() {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const status = git('status', '--porcelain');
  return { commit: git('rev-parse', 'HEAD'), branch: git('rev-parse', '--abbrev-ref', 'HEAD'), uncommittedChanges: status === null ? null : status !== '' };
}

/** One line of figures per suite, for the table. */
function headline(result) {
  const f = result.figures;
  if (f === null) return result.figuresNote;
  switch (result.suite) {
    case 'test':
      return `${f.tests} tests: ${f.pass} pass, ${f.fail} fail, ${f.skipped ?? 0} skipped, ${f.todo ?? 0} todo${f.cancelled ? `, ${f.cancelled} cancelled` : ''}`;
    case 'crash': {
      const v = f.violations ?? {};
      return `kills: ${f.kills}, acknowledged writes checked: ${f.checked?.acknowledgedWrites ?? '?'}, lost: ${v.lost ?? '?'}, duplicated: ${v.duplicated ?? '?'}, half-stored: ${v.halfStored ?? '?'}, sent twice: ${v.sentTwice ?? '?'}, audit chain verified ${f.checked?.auditChainVerified ?? '?'} times, violations: ${v.total ?? '?'}`;
    }
    case 'fuzz':
      return `${f.runs} runs over ${f.properties} targets (property checks), ${f.failures} failures, budget ${f.budgetSeconds} s (seed ${f.seed})`;
    case 'load': {
      const poll = f.requests?.['taxii GET objects'];
      return `${f.errors?.total} errors; poller p50/p99 ${poll?.latencyMs?.p50}/${poll?.latencyMs?.p99} ms (${poll?.perSecond}/s); RSS ${f.memory?.afterWarmupMiB} -> ${f.memory?.afterRunMiB} MiB (${pct(f.memory?.growth)}, limit ${pct(f.memory?.limit)}); slow clients cut: ${(f.slowClients ?? []).map((s) => `${s.kind} ${s.cutByServer}`).join(', ')}`;
    }
    default:
      return typeof f.summary === 'string' ? f.summary : JSON.stringify(f).slice(0, 200);
  }
}

function toMarkdown(s) {
  const lines = [
    `# Proving suites: ${s.passed ? 'all passed' : 'FAILED'}`,
    '',
    `${s.when} to ${s.finished}; commit ${s.git.commit ?? 'unknown'}${s.git.uncommittedChanges ? ' (with uncommitted changes)' : ''}; Node ${s.node}; ${s.machine.cpus} CPUs, load average ${s.machine.loadAtStart[0]} at start, ${s.machine.loadAtEnd[0]} at end`,
    '',
    '| suite | result | duration | figures |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of s.suites) {
    lines.push(`| ${r.suite} | ${r.passed ? 'passed' : `**failed** (exit ${r.exitCode ?? r.signal})`} | ${formatSeconds(r.seconds)} | ${String(headline(r)).replace(/\|/g, '\\|')} |`);
  }
  for (const r of s.suites) {
    const details = detailsOf(r);
    if (details.length === 0) continue;
    lines.push('', `## ${r.suite}`, '', ...details);
  }
  lines.push('', 'Figures: test-output/summary.json and test-output/suites/; output of each suite: test-output/logs/.', '');
  return lines.join('\n');
}

function detailsOf(r) {
  const f = r.figures;
  const out = [];
  if (r.suite === 'load' && f !== null) {
    if (typeof f.summary === 'string') out.push(f.summary);
    for (const failure of f.failures ?? []) out.push(`- FAIL: ${failure}`);
    for (const warning of f.warnings ?? []) out.push(`- warning: ${warning}`);
    for (const e of f.errors?.byCause ?? []) out.push(`- error: ${e.count} x ${e.kind} ${e.cause}`);
  }
  if (r.suite === 'fuzz' && f !== null) for (const t of f.targets ?? []) if (t.failures > 0) out.push(`- ${t.target}: ${t.failures} failures in ${t.runs} runs`);
  if (r.suite === 'crash' && f !== null) for (const v of f.violations?.first ?? []) out.push(`- ${v.kind ?? ''} ${v.message ?? JSON.stringify(v)}`);
  if (!r.passed && out.length === 0) out.push(`Failed with exit ${r.exitCode ?? r.signal}; see ${r.log}.`);
  return out;
}

function formatSeconds(seconds) {
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds} s`;
}

function pct(x) {
  return typeof x === 'number' ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : '?';
}

function round2(x) {
  return Math.round(x * 100) / 100;
}
