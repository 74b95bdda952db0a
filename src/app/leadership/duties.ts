// The schedulers of `tearline serve` (re-assessment, warning deadlines, delivery dispatch,
// feed polling), run only while this node is the leader (issue 10: "the schedulers run on
// exactly one node at a time, and another takes over within seconds when it dies").
//
// Each duty is started afresh on every win and stopped (waiting for its tick in progress) on
// every loss. Start and stop are queued, so a quick loss-and-win never runs a duty twice on
// one node. The duties themselves stay safe to run twice across nodes (leases, fired-deadline
// keys, one write at a time): leadership keeps the work on one node, it is not what makes the
// work correct in the moment a dying leader's connection is not yet seen to be gone.
import type { Leadership, LeadershipState } from '../ports/leadership.ts';

export interface RunningDuty {
  stop(): Promise<void>;
}

interface Duty {
  readonly name: string;
  readonly start: () => RunningDuty;
  running: RunningDuty | null;
}

export interface DutyReport {
  /** A line for the operator (stderr): leadership changes, duties that failed to start or stop. */
  line(text: string): void;
  /** Whether winning and losing the leadership is worth a line (not with one node, which always leads). */
  readonly announce?: boolean;
}

export class LeaderDuties {
  readonly #leadership: Leadership;
  readonly #report: DutyReport;
  readonly #duties: Duty[] = [];
  #changes: Promise<void> = Promise.resolve();
  #started = false;
  #closed = false;

  constructor(leadership: Leadership, report: DutyReport) {
    this.#leadership = leadership;
    this.#report = report;
  }

  /** A duty run while this node leads; started at once when it leads already. */
  add(name: string, start: () => RunningDuty): void {
    const duty: Duty = { name, start, running: null };
    this.#duties.push(duty);
    if (this.#started) this.#queue(() => (this.#leadership.state === 'leader' && !this.#closed ? this.#startDuty(duty) : undefined));
  }

  /** Starts campaigning for the leadership. */
  begin(): void {
    if (this.#started) return;
    this.#started = true;
    this.#leadership.start((state) => this.#queue(() => this.#become(state)));
  }

  get state(): LeadershipState {
    return this.#leadership.state;
  }

  /** Names of the duties running on this node now. */
  get running(): readonly string[] {
    return this.#duties.filter((d) => d.running !== null).map((d) => d.name);
  }

  /** Stops every duty (waiting for work in progress), then gives the leadership up. */
  async close(): Promise<void> {
    if (this.#closed) return this.#changes;
    this.#closed = true;
    this.#queue(() => this.#stopAll());
    await this.#changes;
    await this.#leadership.close();
  }

  async #become(state: LeadershipState): Promise<void> {
    if (this.#closed) return;
    if (state === 'leader') {
      if (this.#report.announce !== false) this.#report.line('scheduler: leader: this node runs the schedulers');
      for (const duty of this.#duties) this.#startDuty(duty);
    } else {
      if (this.#report.announce !== false) this.#report.line('scheduler: standby: another node runs the schedulers');
      await this.#stopAll();
    }
  }

  #startDuty(duty: Duty): void {
    if (duty.running !== null) return;
    try {
      duty.running = duty.start();
    } catch (error) {
      this.#report.line(`scheduler: ${duty.name} did not start: ${(error as Error).message}`);
    }
  }

  async #stopAll(): Promise<void> {
    await Promise.all(this.#duties.map(async (duty) => {
      const running = duty.running;
      duty.running = null;
      try {
        await running?.stop();
      } catch (error) {
        this.#report.line(`scheduler: ${duty.name} did not stop cleanly: ${(error as Error).message}`);
      }
    }));
  }

  #queue(change: () => Promise<void> | void): void {
    this.#changes = this.#changes.then(change).catch((error: unknown) => this.#report.line(`scheduler: ${(error as Error).message}`));
  }
}
