/** The acknowledgement every complainant gets for every report, written with the report itself. */
import type { PolicyValues } from '../../config/policy.ts';
import type { LetterContent } from '../letters/outbox.ts';
import { day, greeting, signOff } from '../letters/words.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';

/**
 * What a repeat report is told about the ASB Case Review (2014 Act s.104): guidance since 2025 is
 * to explain it to anyone reporting the same problem again, with the council's own threshold.
 */
export function caseReviewExplained({
  threshold,
  windowMonths,
  reportedWithinMonths,
}: PolicyValues['caseReview']): string {
  const months = (n: number) => `${n} month${n === 1 ? '' : 's'}`;
  return `This noise has been reported to us before. If it has been reported ${threshold} time${threshold === 1 ? '' : 's'} or more in ${months(windowMonths)}, each report made within ${months(reportedWithinMonths)} of the noise, you can ask for an ASB Case Review (sometimes called the Community Trigger): the council and its partners will look again at how the problem has been dealt with. You can ask for one yourself, or someone can ask on your behalf.`;
}

export function acknowledgement(
  to: Person,
  c: Pick<NoiseCase, 'caseRef'>,
  replyBy: string,
  caseReview?: PolicyValues['caseReview'],
): LetterContent {
  const review = caseReview ? `\n\n${caseReviewExplained(caseReview)}` : '';
  return {
    subject: `We have your noise report: case ${c.caseRef}`,
    body: `${greeting(to.name)}\n\nThank you for reporting noise to us. Your case reference is ${c.caseRef}.\nAn officer will review it by ${day(replyBy)} and we will write to you when we decide what to do.\nYou can follow your case online with your case reference and tracking token.\nIf the noise happens again, report it as before: it will be added to your case.${review}\n\n${signOff()}`,
  };
}
