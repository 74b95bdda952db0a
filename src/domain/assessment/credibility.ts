// The threat's credibility (DOMAIN.md §3, Admiralty). Rules, in order:
// 1. Each report keeps the grade its source gave (A-F, 1-6). An automatically extracted
//    report not yet confirmed by an analyst is capped at confidence 50, i.e. grade 3 at best.
// 2. Reports are grouped into independent origins (fusion/independence.ts): a source's
//    reports, and reports citing one another, count once.
// 3. An origin corroborates when it holds an uncapped report graded 1-3 from a source not
//    graded E (unreliable).
// 4. Grade 1 ("confirmed by independent sources") needs at least two corroborating origins
//    that agree: their facts share an actor, place, area, target, method or observable and
//    their time windows do not contradict each other.
// 5. Otherwise the grade is the best report grade (6 only if every report is 6), and never
//    1: a single origin cannot confirm itself.
import { confidenceFromCredibility, credibilityFromConfidence, RELIABILITY_LABEL, CREDIBILITY_LABEL } from './admiralty.ts';
import type { AssessmentConfig } from './config.ts';
import type { Credibility, Reliability, ReportFacts, ThreatFacts } from '../fusion/facts.ts';
import { independentOrigins } from '../fusion/independence.ts';
import { compareProfiles } from '../fusion/evidence.ts';
import { correlationOptions } from '../fusion/options.ts';
import { profileOfReports } from '../fusion/profile.ts';

export interface ReportGrade {
  readonly reportId: string;
  readonly reliability: Reliability;
  readonly credibility: Credibility;
  readonly sourceId: string | null;
  /** The grade after the automatic-extraction cap. */
  readonly effectiveCredibility: Credibility;
  readonly capped: boolean;
}

export interface OriginGrade {
  readonly reportIds: readonly string[];
  readonly sourceIds: readonly string[];
  readonly bestCredibility: Credibility;
  readonly corroborates: boolean;
}

export interface CredibilityAssessment {
  readonly grade: Credibility;
  /** STIX confidence for the grade (DOMAIN.md §3); undefined for 6. */
  readonly confidence: number | undefined;
  readonly reports: readonly ReportGrade[];
  readonly origins: readonly OriginGrade[];
  /** The largest number of corroborating origins that agree with one another. */
  readonly agreeingOrigins: number;
  readonly explanation: readonly string[];
}

export function threatCredibility(threat: ThreatFacts, config: AssessmentConfig): CredibilityAssessment {
  const capGrade = credibilityFromConfidence(config.automaticConfidenceCap);
  const grades = threat.reports.map((r) => reportGrade(r, capGrade));
  const gradeOf = new Map(grades.map((g) => [g.reportId, g]));
  const explanation: string[] = [];
  for (const g of grades) {
    explanation.push(
      `report ${g.reportId}: ${g.reliability}${g.credibility} (${RELIABILITY_LABEL[g.reliability]}, ${CREDIBILITY_LABEL[g.credibility]})` +
        (g.capped ? `; automatic extraction not confirmed: capped at confidence ${config.automaticConfidenceCap} (grade ${g.effectiveCredibility})` : ''),
    );
  }

  const origins = independentOrigins(threat.reports).map((origin): OriginGrade => {
    const members = origin.reportIds.flatMap((id) => gradeOf.get(id) ?? []);
    return {
      reportIds: origin.reportIds,
      sourceIds: origin.sourceIds,
      bestCredibility: bestOf(members.map((m) => m.effectiveCredibility)),
      corroborates: members.some((m) => !m.capped && m.effectiveCredibility <= 3 && m.reliability !== 'E'),
    };
  });
  explanation.push(`${origins.length} independent origin(s): ${origins.map((o) => `[${o.reportIds.join(', ')}]`).join(' ')}`);

  const agreeing = largestAgreeingGroup(threat, origins.filter((o) => o.corroborates), config);
  let grade: Credibility;
  if (agreeing >= 2) {
    grade = 1;
    explanation.push(`grade 1: ${agreeing} independent corroborating origins agree`);
  } else {
    const best = bestOf(grades.map((g) => g.effectiveCredibility));
    grade = best === 1 ? 2 : best;
    explanation.push(
      best === 1
        ? 'grade 2: a report is graded 1 but no second independent origin agrees, so not confirmed here'
        : `grade ${grade}: the best report grade; fewer than 2 agreeing independent origins`,
    );
  }
  const confidence = confidenceFromCredibility(grade);
  explanation.push(`confidence ${confidence ?? 'absent'} (grade ${grade} -> STIX confidence)`);
  return { grade, confidence, reports: grades, origins, agreeingOrigins: agreeing, explanation };
}

function reportGrade(report: ReportFacts, capGrade: Credibility): ReportGrade {
  const capped = report.automatic && !report.analystConfirmed;
  return {
    reportId: report.id,
    sourceId: report.sourceId,
    reliability: report.reliability,
    credibility: report.credibility,
    effectiveCredibility: capped && report.credibility < capGrade ? capGrade : report.credibility,
    capped,
  };
}

/** The best (lowest) grade, ignoring 6 ("cannot be judged") unless nothing else is known. */
function bestOf(credibilities: readonly Credibility[]): Credibility {
  const judged = credibilities.filter((c) => c !== 6);
  if (judged.length === 0) return 6;
  return Math.min(...judged) as Credibility;
}

/** Size of the largest set of origins connected by agreement (rule 4). */
function largestAgreeingGroup(threat: ThreatFacts, origins: readonly OriginGrade[], config: AssessmentConfig): number {
  if (origins.length < 2) return origins.length;
  const options = correlationOptions(config.correlation);
  const byId = new Map(threat.reports.map((r) => [r.id, r]));
  const profiles = origins.map((o) => profileOfReports(o.reportIds.flatMap((id) => byId.get(id) ?? [])));
  const neverCapped = () => ({ capped: false, linkedThreats: 0 });
  const parent = origins.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] ?? i)));
  for (let i = 0; i < profiles.length; i++) {
    for (let j = i + 1; j < profiles.length; j++) {
      const { evidence } = compareProfiles(profiles[i]!, profiles[j]!, options, neverCapped);
      const agrees = evidence.some((e) => e.weight > 0 && e.rule !== 'time') && !evidence.some((e) => e.rule === 'time-disjoint');
      if (agrees) parent[find(j)] = find(i);
    }
  }
  const sizes = new Map<number, number>();
  for (let i = 0; i < origins.length; i++) sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1);
  return Math.max(...sizes.values());
}
