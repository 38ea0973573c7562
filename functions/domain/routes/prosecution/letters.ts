/**
 * The letter telling the source their case has gone to the legal team (moved here from index.ts
 * so it can carry its document). It says the case is referred to consider prosecution, nothing
 * more: the decision to prosecute is the legal team's.
 */
import { councilConfig } from '../../../config/council.ts';
import { buildDocument } from '../../documents/build.ts';
import { dateOf } from '../../documents/particulars.ts';
import { particularLabels, values } from '../../documents/terms.ts';
import type { LetterContent } from '../../letters/outbox.ts';
import { greeting, signOff } from '../../letters/words.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';

export function referredToSource(to: Person, c: Pick<NoiseCase, 'caseRef'>, at: string): LetterContent {
  const referred = `The council has referred case ${c.caseRef} to its legal team to consider prosecution. You will hear from them.`;
  const council = councilConfig();
  return {
    subject: `Case ${c.caseRef}: referred for prosecution`,
    body: `${greeting(to.name)}\n\n${referred}\n\n${signOff()}`,
    document: buildDocument({
      kind: 'letter',
      title: {
        en: 'Referred to the legal team to consider prosecution',
        cy: 'Atgyfeiriwyd at y tîm cyfreithiol i ystyried erlyn',
      },
      reference: c.caseRef,
      issuedAt: at,
      recipient: { name: to.name, address: to.address },
      sections: [{ paragraphs: [greeting(to.name), referred] }],
      particulars: [
        { label: particularLabels.caseReference, value: c.caseRef },
        { label: particularLabels.referredOn, value: dateOf(at) },
        { label: particularLabels.referredTo, value: values.legalTeam },
      ],
      issuedBy: { name: council.teamName, role: { en: council.name, cy: council.name } },
    }),
  };
}
