// SQLite's integrity and foreign-key checks plus the store's own invariants (integrity.ts in
// storage/sqlite): the database a crash left behind must be sound.
import type { CrashCheck } from '../plugins.ts';

export const integrityCheck: CrashCheck = {
  name: 'integrity',
  async run({ store, restart }) {
    const problems = await store.integrityCheck();
    return problems.map((problem) => ({ kind: 'integrity' as const, check: 'integrity', message: `after restart ${restart}: ${problem}` }));
  },
};
