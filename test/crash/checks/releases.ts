// Releases against the database: every frozen product of a campaign case is stored whole (its
// SHA-256 is the hash of the stored bytes, the bytes are a STIX bundle, its banner parses
// and fits the partner's clearance, its id is derived from case and hash); every command a
// 200 acknowledged is reflected in the case (lost otherwise); an approved release has its
// two approvals on that hash and one outbox row per channel carrying exactly those bytes,
// and a case not yet approved has none (half-stored otherwise).
import { productIdFor } from '../../../src/app/warning/ids.ts';
import { parseBanner } from '../../../src/domain/markings/banner.ts';
import { classificationRank } from '../../../src/domain/markings/model.ts';
import type { CrashCheck, Violation } from '../plugins.ts';
import { sha256 } from '../receivers.ts';
import { stateAfter, stateRank } from '../releaseLedger.ts';
import { PARTNER } from '../world.ts';
import { flagger } from './flagger.ts';

const PARTNER_CLEARANCE = 'S';

export const releasesCheck: CrashCheck = {
  name: 'releases',
  async run({ store, state, restart }) {
    const violations: Violation[] = [];
    const flag = flagger('releases', restart, violations, state.tally);
    let products = 0;
    let released = 0;
    for (const record of state.releases.cases) {
      const stored = await store.warnings.getCase(record.caseId);
      if (stored === null) {
        flag('lost', `case ${record.caseId} is gone`);
        continue;
      }
      const c = stored.case;
      const rank = stateRank(c.state);
      if (rank < 0) {
        flag('unexpected', `case ${record.caseId} is in state ${c.state}, off the path the driver takes`);
        continue;
      }
      for (const product of await store.warnings.productsOf(record.caseId)) {
        products += 1;
        const problems: string[] = [];
        if (sha256(product.bundleJson) !== product.sha256) problems.push('its bytes do not hash to its SHA-256');
        if (product.productId !== productIdFor(record.caseId, product.sha256)) problems.push(`its id ${product.productId} is not derived from the case and hash`);
        let bundle: { type?: unknown; objects?: unknown } | undefined;
        try {
          bundle = JSON.parse(product.bundleJson) as { type?: unknown; objects?: unknown };
        } catch {
          problems.push('its bytes are not JSON');
        }
        if (bundle !== undefined && (bundle.type !== 'bundle' || !Array.isArray(bundle.objects) || bundle.objects.length === 0)) problems.push('its bytes are not a STIX bundle with objects');
        const marking = parseBanner(product.banner);
        if (marking === undefined) problems.push(`its banner '${product.banner}' does not parse`);
        else if (classificationRank(marking.classification ?? 'U') > classificationRank(PARTNER_CLEARANCE)) problems.push(`its banner '${product.banner}' is above the partner's clearance`);
        if (product.partnerName !== PARTNER) problems.push(`it is for ${product.partnerName}`);
        if (JSON.stringify(product.channels) !== JSON.stringify(record.channels)) problems.push(`its channels ${product.channels.join(',')} are not the ones drafted (${record.channels.join(',')})`);
        if (problems.length > 0) flag('half-stored', `product ${product.productId} of ${record.caseId}: ${problems.join('; ')}`);
      }
      const hash = c.cycle.warning?.productHash ?? null;
      for (const step of record.steps.filter((s) => s.acknowledged)) {
        if (rank < stateRank(stateAfter(step))) flag('lost', `${record.caseId}: ${step.command} by ${step.by} was acknowledged, but the case is back in ${c.state}`);
        if (step.command === 'draft_warning' && (hash === null || (await store.warnings.getProduct(productIdFor(record.caseId, hash))) === null)) {
          flag('lost', `${record.caseId}: the draft was acknowledged, but the case names no stored product`);
        }
        if (step.command === 'approve_release' && !c.cycle.releaseApprovals.some((a) => a.role === step.role && a.productHash === step.productSha256)) {
          flag('lost', `${record.caseId}: the approval as ${step.role} was acknowledged, but the case does not hold it`);
        }
      }
      const rows = (await store.deliveries.list({ limit: 100, caseId: record.caseId })).items;
      if (rank < stateRank('delivery')) {
        if (record.released) flag('lost', `${record.caseId}: the last approval was acknowledged, but the case is in ${c.state}`);
        if (rows.length > 0) flag('half-stored', `${record.caseId} is in ${c.state}, not approved, yet has ${rows.length} delivery rows`);
        continue;
      }
      released += 1;
      const product = hash === null ? null : await store.warnings.getProduct(productIdFor(record.caseId, hash));
      if (hash === null || product === null) {
        flag('half-stored', `${record.caseId} is released (${c.state}) without a stored product`);
        continue;
      }
      const approvedRoles = c.cycle.releaseApprovals.filter((a) => a.productHash === hash).map((a) => a.role).sort();
      if (JSON.stringify(approvedRoles) !== JSON.stringify(['duty_to_warn_officer', 'foreign_disclosure_officer'])) {
        flag('half-stored', `${record.caseId} is released with approvals [${approvedRoles.join(', ')}] on its product`);
      }
      const channels = rows.map((r) => r.channel).sort();
      if (JSON.stringify(channels) !== JSON.stringify([...product.channels].sort())) {
        flag('half-stored', `${record.caseId} is released for [${product.channels.join(', ')}] but its outbox holds [${channels.join(', ')}]`);
      }
      for (const row of rows) {
        if (row.productSha256 !== hash || sha256(row.bundleJson) !== hash) flag('half-stored', `${record.caseId}: delivery ${row.id} does not carry the approved bytes`);
      }
    }
    state.tally.set('products checked', products);
    state.tally.set('releases checked', released);
    return violations;
  },
};
