/**
 * The letter telling a notice's recipient how their appeal ended (moved here from appeals.ts so
 * it can carry its document): the court's decision and, if it varied the notice, the
 * requirements as they now stand. It states the decision only.
 */

import { councilConfig } from '../../config/council.ts';
import { buildDocument } from '../documents/build.ts';
import { dateOf, requirementRows } from '../documents/particulars.ts';
import { noticeKindNames, particularLabels, values } from '../documents/terms.ts';
import type { LetterContent } from '../letters/outbox.ts';
import { greeting, signOff } from '../letters/words.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import type { NoticeRecord, Requirement } from './model.ts';

export type AppealOutcome = 'dismissed' | 'varied' | 'quashed';

export const appealOutcomeWords: Record<AppealOutcome, string> = {
  dismissed: 'The court dismissed the appeal: the notice stands as served.',
  varied: 'The court varied the notice: it stands with the changes the court made.',
  quashed: 'The court quashed the notice: it is no longer in force.',
};

export function appealOutcomeToSource(
  to: Person,
  c: Pick<NoiseCase, 'caseRef'>,
  notice: NoticeRecord,
  outcome: AppealOutcome,
  varied: Omit<Requirement, 'id'>[] | undefined,
  at: string,
): LetterContent {
  const variedLines = varied?.map((r, i) => `${i + 1}. ${r.text}`) ?? [];
  const noticeName = noticeKindNames[notice.kind];
  const served = dateOf(notice.servedAt);
  const council = councilConfig();
  return {
    subject: `Case ${c.caseRef}: the outcome of your appeal`,
    body: `${greeting(to.name)}\n\n${appealOutcomeWords[outcome]}${
      varied ? `\nThe requirements are now:\n${variedLines.join('\n')}` : ''
    }\n\n${signOff()}`,
    document: buildDocument({
      kind: 'letter',
      title: { en: 'The outcome of your appeal', cy: 'Canlyniad eich apêl' },
      reference: c.caseRef,
      issuedAt: at,
      recipient: { name: to.name, address: to.address },
      sections: [
        { paragraphs: [greeting(to.name), appealOutcomeWords[outcome]] },
        ...(varied ? [{ heading: 'The requirements now', paragraphs: variedLines }] : []),
      ],
      particulars: [
        { label: particularLabels.caseReference, value: c.caseRef },
        { label: particularLabels.noticeNumber, value: notice.noticeId },
        ...(noticeName
          ? [
              {
                label: particularLabels.noticeAppealed,
                value: {
                  en: `${noticeName.en} served on ${served.en}`,
                  cy: `${noticeName.cy} a gyflwynwyd ar ${served.cy}`,
                },
              },
            ]
          : []),
        { label: particularLabels.courtDecision, value: values.appealOutcome[outcome] },
        ...(varied ? requirementRows(varied.map((r, i) => ({ ...r, id: `r${i + 1}v` }))) : []),
      ],
      issuedBy: { name: council.teamName, role: { en: council.name, cy: council.name } },
    }),
  };
}
