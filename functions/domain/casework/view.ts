/** What the staff view of a case shows of casework: risk assessments, enquiries and corrected people. */
import { released } from '../letters/outbox.ts';
import type { AuditEvent } from '../model/audit-event.ts';
import type { NoiseCase } from '../model/case.ts';
import type { EnquiryRecord } from './enquiries.ts';
import type { RiskAssessment } from './risk.ts';

export { withCorrections } from './people.ts';

/**
 * Sections for the staff view, from the items it already read. A report's risk assessment has no
 * event of its own (a report never contends on the case's version), so it joins the timeline from
 * its item, as a report does.
 */
export function caseworkSections(
  c: NoiseCase,
  listed: (prefix: string) => Record<string, unknown>[],
  events: AuditEvent[],
) {
  const riskAssessments = (listed('RISK#') as unknown as RiskAssessment[])
    .filter((a) => released(c, a))
    .map(({ op: _op, ...a }) => a)
    .sort((a, b) => a.assessedAt.localeCompare(b.assessedAt));
  const enquiries = (listed('ENQUIRY#') as unknown as EnquiryRecord[])
    .filter((e) => released(c, e))
    .map(({ op: _op, ...e }) => e)
    .sort((a, b) => a.madeAt.localeCompare(b.madeAt));
  const timeline = riskAssessments
    .filter((a) => !events.some((e) => e.data.assessmentId === a.assessmentId))
    .map((a) => ({
      at: a.assessedAt,
      type: 'RiskAssessed',
      actor: a.assessedBy,
      visibility: 'staff',
      data: { assessmentId: a.assessmentId, partyId: a.partyId, level: a.level, score: a.score },
    }));
  return { riskAssessments, enquiries, timeline };
}
