/** The letters casework sends: a case closed or reopened by hand, a report moved to another case. */
import type { LetterContent } from '../letters/outbox.ts';
import { greeting, signOff } from '../letters/words.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';

export const closedByHandToComplainant = (to: Person, c: NoiseCase, outcome: string): LetterContent => ({
  subject: `Case ${c.caseRef}: outcome`,
  body: `${greeting(to.name)}\n\nWe have closed case ${c.caseRef}. ${outcome}\nIf the noise starts again, report it and we will look at it again.\n\n${signOff()}`,
});

export const closedToSource = (to: Person, c: NoiseCase): LetterContent => ({
  subject: `Case ${c.caseRef}: closed`,
  body: `${greeting(to.name)}\n\nThe council has closed case ${c.caseRef} about noise from your address. No further action is needed at this time.\n\n${signOff()}`,
});

export const reopenedToComplainant = (to: Person, c: NoiseCase): LetterContent => ({
  subject: `Case ${c.caseRef}: reopened`,
  body: `${greeting(to.name)}\n\nWe have reopened case ${c.caseRef}. An officer will look at it again and we will tell you what happens next.\n\n${signOff()}`,
});

/** To a complainant whose report is now part of another case: the new reference, the same token. */
export const movedToComplainant = (
  to: Person,
  from: string,
  into: string,
  why: 'merged' | 'split',
): LetterContent => ({
  subject: `Your report is now case ${into}`,
  body: `${greeting(to.name)}\n\n${
    why === 'merged'
      ? `Case ${from} and case ${into} are about the same place, so we have joined them: your report is now part of case ${into}.`
      : `Your report was added to case ${from}, but it is about a different place, so it now has a case of its own: ${into}.`
  }\nUse the reference ${into} from now on. The tracking token you were given still works, with either reference.\n\n${signOff()}`,
});
