// The Store contract: one test suite that every Store adapter must pass. An adapter's test
// file calls runStoreContract with a way to open fresh stores; see
// storage/sqlite/sqlite.contract.test.ts.
import { describe } from 'node:test';
import { storeTestFor, type StoreContractOptions } from './harness.ts';
import { objectsContract } from './objects.ts';
import { transactionsContract } from './transactions.ts';
import { pagingContract } from './paging.ts';
import { graphContract } from './graph.ts';
import { collectionsContract } from './collections.ts';
import { usersContract } from './users.ts';
import { auditContract } from './audit.ts';
import { taxiiContract } from './taxii.ts';
import { threatsContract } from './threats.ts';
import { partnersContract } from './partners.ts';
import { warningsContract } from './warnings.ts';
import { deliveriesContract } from './deliveries.ts';

export type { StoreContractOptions, StoreSubject } from './harness.ts';

/** Registers the whole contract as node:test tests under `describe(name)`. */
export function runStoreContract(name: string, options: StoreContractOptions): void {
  describe(name, () => {
    const storeTest = storeTestFor(options);
    objectsContract(storeTest);
    transactionsContract(storeTest);
    pagingContract(storeTest);
    graphContract(storeTest);
    collectionsContract(storeTest);
    usersContract(storeTest);
    auditContract(storeTest);
    taxiiContract(storeTest);
    threatsContract(storeTest);
    partnersContract(storeTest);
    warningsContract(storeTest);
    deliveriesContract(storeTest);
  });
}
