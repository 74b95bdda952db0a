// Measurements from outside the server: its resident memory (VmRSS in /proc/<pid>/status) and
// CPU time (/proc/<pid>/stat), and, for the load generator itself, its CPU time and event-loop
// delay: a generator whose loop lags would measure its own slowness as the server's latency.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ResidentMemory {
  /** VmRSS: what the criterion is about. */
  readonly rss: number;
  /** Its parts: anonymous (heaps, SQLite page caches, buffers), file-backed (code, mapped files), shared (SQLite's WAL index). */
  readonly anon: number;
  readonly file: number;
  readonly shmem: number;
}

/** Resident memory of a process, in MiB. */
export function residentMemory(pid: number): ResidentMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (match === null) throw new Error(`no ${name} for process ${pid}`);
    return Math.round((Number(match[1]) / 1024) * 10) / 10;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile'), shmem: field('RssShmem') };
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system, every thread) a process has used, in seconds. */
export function cpuSeconds(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

export interface RssSample {
  /** Seconds since the sampler started. */
  readonly t: number;
  readonly mib: number;
  readonly anon: number;
  readonly phase: string;
}

/** Samples a process's RSS on an interval, labelled with the phase the run is in. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  readonly #timer: NodeJS.Timeout;
  readonly #started = performance.now();

  constructor(private readonly pid: number, everyMs: number, private readonly phase: () => string) {
    this.#timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): ResidentMemory {
    const memory = residentMemory(this.pid);
    this.samples.push({ t: Math.round((performance.now() - this.#started) / 100) / 10, mib: memory.rss, anon: memory.anon, phase: this.phase() });
    return memory;
  }

  peak(): number {
    return Math.max(...this.samples.map((s) => s.mib));
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

export interface CpuWindow {
  /** CPU seconds per wall second (1.0 = one core busy). */
  readonly cores: number;
  readonly wallSeconds: number;
}

/** CPU use of the server and of this process over a window, and this process's event-loop delay. */
export class CpuMeter {
  readonly #wall = performance.now();
  readonly #server: number;
  readonly #self = process.cpuUsage();
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor(private readonly serverPid: number) {
    this.#server = cpuSeconds(serverPid);
    this.#delay.enable();
  }

  read(): { server: CpuWindow; generator: CpuWindow; generatorLoopDelayMs: { p50: number; p99: number; max: number } } {
    const wallSeconds = (performance.now() - this.#wall) / 1000;
    const self = process.cpuUsage(this.#self);
    this.#delay.disable();
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
    return {
      server: { cores: round2((cpuSeconds(this.serverPid) - this.#server) / wallSeconds), wallSeconds: round2(wallSeconds) },
      generator: { cores: round2((self.user + self.system) / 1e6 / wallSeconds), wallSeconds: round2(wallSeconds) },
      generatorLoopDelayMs: { p50: ms(this.#delay.percentile(50)), p99: ms(this.#delay.percentile(99)), max: ms(this.#delay.max) },
    };
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
