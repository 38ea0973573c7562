/** The acknowledgement every complainant gets for every report, written with the report itself. */
import type { LetterContent } from '../letters/outbox.ts';
import { day, greeting, signOff } from '../letters/words.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';

export function acknowledgement(to: Person, c: Pick<NoiseCase, 'caseRef'>, replyBy: string): LetterContent {
  return {
    subject: `We have your noise report: case ${c.caseRef}`,
    body: `${greeting(to.name)}\n\nThank you for reporting noise to us. Your case reference is ${c.caseRef}.\nAn officer will review it by ${day(replyBy)} and we will write to you when we decide what to do.\nYou can follow your case online with your case reference and tracking token.\nIf the noise happens again, report it as before: it will be added to your case.\n\n${signOff()}`,
  };
}
