// Use case: apply one command to a stored case in a write of its own (REST and CLI). A
// refusal (domain or not found) comes back as a value; a lost race with another writer of
// the same case comes back as `case-version-conflict`, to be retried by the person.
import type { Actor, WarningCase, WarningCommand } from '../../domain/warning/index.ts';
import type { Clock, Store } from '../ports.ts';
import { WarningVersionConflictError } from '../ports/warnings.ts';
import { applyWarningCommand } from './applyCommand.ts';

export type RunCommandResult = { readonly ok: true; readonly case: WarningCase } | { readonly ok: false; readonly code: string; readonly message: string };

export async function runWarningCommand(store: Store, caseId: string, command: WarningCommand, actor: Actor, at: string | Clock): Promise<RunCommandResult> {
  try {
    return await store.write((tx) => applyWarningCommand(tx, caseId, command, actor, at));
  } catch (error) {
    if (error instanceof WarningVersionConflictError) {
      return { ok: false, code: error.code, message: 'the case changed while this command was applied; reload it and try again' };
    }
    throw error;
  }
}
