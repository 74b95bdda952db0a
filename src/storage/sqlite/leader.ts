// Scheduler leadership with SQLite: one process owns the database file, so it always leads.
import type { Leadership, LeadershipState } from '../../app/ports/leadership.ts';

export function singleNodeLeadership(): Leadership {
  let state: LeadershipState = 'standby';
  return {
    start(onChange) {
      if (state === 'leader') return;
      state = 'leader';
      onChange(state);
    },
    get state() {
      return state;
    },
    async close() {
      state = 'standby';
    },
  };
}
