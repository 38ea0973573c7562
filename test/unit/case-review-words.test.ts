/** What a repeat report is told about the ASB Case Review follows the council's own threshold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseReviewExplained } from '../../functions/domain/intake/letters.ts';

describe('the Case Review explanation', () => {
  it('states whatever threshold, window and reporting period the policy sets, in plain numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        (threshold, windowMonths, reportedWithinMonths) => {
          const text = caseReviewExplained({ threshold, windowMonths, reportedWithinMonths });
          const times = threshold === 1 ? '1 time' : `${threshold} times`;
          const months = (n: number) => (n === 1 ? '1 month' : `${n} months`);
          expect(text).toContain(`${times} or more in ${months(windowMonths)}`);
          expect(text).toContain(`within ${months(reportedWithinMonths)} of the noise`);
          expect(text).toContain('ASB Case Review');
          expect(text).toContain('someone can ask on your behalf');
        },
      ),
    );
  });
});
