/**
 * The step that serves a notice, shared by every route that serves one: the recipient and
 * requirements the decision gave (or the defaults), the notice item, the letter to the recipient
 * and the letter to the complainants, and the case's live notice, in one audited change.
 *
 * The letter to the recipient carries the notice as a document. It is rendered once here, and the
 * SHA-256 of its PDF is recorded on the notice with the document itself: the drain renders the
 * same document to the same bytes for Notify, and staff download the same bytes again.
 */

import type { PolicyValues } from '../../config/policy.ts';
import { hashForService } from '../documents/service.ts';
import type { LetterContent } from '../letters/outbox.ts';
import { outboxItem, toComplainants, toSource } from '../letters/outbox.ts';
import type { LifecycleDeps } from '../lifecycle/deps.ts';
import { flagCase } from '../lifecycle/flags.ts';
import { runStep } from '../lifecycle/step.ts';
import { taskRecord } from '../lifecycle/tasks.ts';
import type { CaseStatus, NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import { enquiriesOf, namedResponsible, peopleOf, personItem } from '../people/parties.ts';
import type { StepInput } from '../routes/types.ts';
import type { NoticeParticulars, NoticeRecord } from './model.ts';
import { type NoticeTerms, noticeItem, noticesOf, prepareNotice, recipientAsPerson } from './notices.ts';

export interface ServeSpec {
  step: string;
  route: string;
  status: CaseStatus;
  terms(
    policy: PolicyValues,
    particulars: (NoticeParticulars & Record<string, unknown>) | undefined,
  ): NoticeTerms;
  eventType: string;
  residentTitle: string;
  letterToRecipient: {
    template: string;
    render(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent;
  };
  letterToComplainants: {
    template: string;
    render(to: Person, c: NoiseCase, notice: NoticeRecord): LetterContent;
  };
}

export async function serveNotice(deps: LifecycleDeps, input: StepInput, spec: ServeSpec) {
  let flags: string[] = [];
  let served: NoticeRecord | undefined;
  const c = await runStep(deps, input, spec.step, async (current, { opId, at }) => {
    const decision = await taskRecord(deps, input.context?.decisionTaskId);
    const particulars = decision?.decision?.details as
      | (NoticeParticulars & Record<string, unknown>)
      | undefined;
    const people = await peopleOf(deps, current);
    const named = namedResponsible(people);
    const enquiries =
      particulars?.recipient || named
        ? []
        : current.enquiryCount
          ? await enquiriesOf(deps, current)
          : await enquiriesOnEarlierNotices(deps, current);
    const prepared = prepareNotice(current, {
      opId,
      at,
      terms: spec.terms(deps.policy.at(new Date(at)), particulars),
      particulars,
      decision,
      people,
      enquiries,
    });
    flags = prepared.flags;
    const recipient = recipientAsPerson(current, prepared.notice.recipient, people.source[0], at);
    const toRecipient = spec.letterToRecipient.render(recipient, current, prepared.notice);
    const notice: NoticeRecord = {
      ...prepared.notice,
      ...(await hashForService(deps, toRecipient.document)),
    };
    served = notice;
    const letters = [
      ...toSource(current, [recipient], spec.letterToRecipient.template, () => toRecipient, opId, at),
      ...toComplainants(
        current,
        people.complainants,
        spec.letterToComplainants.template,
        (to) => spec.letterToComplainants.render(to, current, notice),
        opId,
        at,
      ),
    ];
    return {
      type: spec.eventType,
      data: {
        noticeId: notice.noticeId,
        kind: notice.kind,
        complyBy: notice.complyBy,
        liveUntil: notice.liveUntil,
        ...(notice.appealUntil ? { appealUntil: notice.appealUntil } : {}),
        recipient: notice.recipient.kind,
        requirements: notice.requirements.length,
        ...(notice.partnersInformed ? { partnersInformed: notice.partnersInformed } : {}),
        ...(notice.documentSha256 ? { documentSha256: notice.documentSha256 } : {}),
        ...(flags.length ? { flags } : {}),
        messages: letters.map((m) => m.messageId),
      },
      patch: { status: spec.status, liveNotice: prepared.live, route: spec.route },
      residentTitle: spec.residentTitle,
      items: [
        noticeItem(notice),
        ...letters.map(outboxItem),
        ...(prepared.newParty ? [personItem(prepared.newParty)] : []),
      ],
    };
  });
  for (const flag of flags) await flagCase(deps, c.caseRef, flag);
  // The dates the watch that follows is set from (so it needs no read of the case).
  const live = c.liveNotice;
  return {
    status: c.status,
    noticeId: live?.noticeId ?? served?.noticeId ?? null,
    facts: {
      servedAt: live?.servedAt ?? served?.servedAt ?? '',
      complyBy: live?.breachableFrom ?? served?.complyBy ?? '',
    },
  };
}

/**
 * The enquiries an earlier notice to "the occupier" recorded (a warning's, given in its decision):
 * the same search stands behind the next notice to the same premises.
 */
export async function enquiriesOnEarlierNotices(deps: LifecycleDeps, c: NoiseCase): Promise<string[]> {
  const notices = await noticesOf(deps, c);
  const latest = notices
    .filter((n) => n.recipient.kind === 'occupier' && (n.recipient.enquiries?.length ?? 0) > 0)
    .sort((a, b) => b.servedAt.localeCompare(a.servedAt))[0];
  return latest?.recipient.kind === 'occupier' ? latest.recipient.enquiries : [];
}
