// Port: which node runs the schedulers (issue 10 "the schedulers run on exactly one node at a
// time, and another takes over within seconds when it dies"). The SQLite adapter is always
// leader (one process owns the file); the PostgreSQL adapter holds a session-level advisory
// lock on a connection of its own, so the leadership ends when that connection does.

export type LeadershipState = 'leader' | 'standby';

export interface Leadership {
  /**
   * Starts campaigning. `onChange` is called on every change of state, in order: 'leader'
   * when this node won, 'standby' when it lost the leadership (its connection dropped).
   */
  start(onChange: (state: LeadershipState) => void): void;
  readonly state: LeadershipState;
  /** Stops campaigning and gives the leadership up, if held. Call once the duties have stopped. */
  close(): Promise<void>;
}
