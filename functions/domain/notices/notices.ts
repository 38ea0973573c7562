/**
 * Serving a notice: who it is for (a named person, a body, or the occupier after recorded
 * enquiries), what it requires and by when, how long it stays live and whether an appeal
 * suspends it. A route's step calls `prepareNotice` and writes the item with its letters.
 */
import { createHash } from 'node:crypto';
import { released } from '../letters/outbox.ts';
import type { LiveNotice, NoiseCase, NoticeKind } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import type { StaffTask } from '../model/workflow.ts';
import { type CasePeople, namedResponsible } from '../people/parties.ts';
import { childrenOfCase, getItem, type TableAccess } from '../table-access.ts';
import { addDays, addMonths } from '../time.ts';
import type { NoticeParticulars, NoticeRecord, Recipient, Requirement } from './model.ts';

export const noticeKey = (noticeId: string) => ({ pk: `NOTICE#${noticeId}`, sk: 'NOTICE' });

export function noticeItem(notice: NoticeRecord): Record<string, unknown> {
  return {
    ...noticeKey(notice.noticeId),
    ...notice,
    gsi2pk: `CASE#${notice.caseRef}`,
    gsi2sk: `NOTICE#${notice.servedAt}#${notice.noticeId}`,
  };
}

export async function getNotice(deps: TableAccess, noticeId: string): Promise<NoticeRecord | undefined> {
  return getItem<NoticeRecord>(deps, noticeKey(noticeId));
}

export async function noticesOf(deps: TableAccess, c: NoiseCase): Promise<NoticeRecord[]> {
  return (await childrenOfCase<NoticeRecord>(deps, c.caseRef, 'NOTICE#')).filter((n) => released(c, n));
}

export const noticeIdFor = (opId: string) =>
  `ntc_${createHash('sha256').update(opId).digest('hex').slice(0, 16)}`;

/** The person a source letter is rendered for and delivered to: the notice's recipient as a party. */
export function recipientAsPerson(
  c: NoiseCase,
  recipient: Recipient,
  source: Person | undefined,
  at: string,
): Person {
  return {
    partyId: recipient.partyId ?? source?.partyId ?? `occupier-${c.caseRef}`,
    caseRef: c.caseRef,
    role: 'source',
    ...(recipient.kind === 'occupier' ? {} : { name: recipient.name }),
    address: recipient.address,
    createdAt: at,
  };
}

/**
 * The notice's recipient: the one the decision names (who becomes a party to the case, so letters
 * reach them), else the person responsible an officer has named on the case (confirmed 16 or
 * over), else the occupier with the enquiries recorded on the case. An occupier notice with no
 * recorded enquiries is served but flagged for a manager.
 */
export function resolveRecipient(
  c: Pick<NoiseCase, 'caseRef'>,
  people: CasePeople,
  enquiries: string[],
  chosen: NoticeParticulars['recipient'],
  opId: string,
  at: string,
): { recipient: Recipient; flags: string[]; newParty?: Person } {
  const premises = people.source[0];
  if (!premises) throw new Error('the case has no source address');
  if (chosen?.kind === 'person' || chosen?.kind === 'body') {
    const partyId = `named_${createHash('sha256').update(opId).digest('hex').slice(0, 24)}`;
    const address = chosen.address ?? premises.address;
    const newParty: Person = {
      partyId,
      caseRef: c.caseRef,
      role: 'responsible',
      name: chosen.name,
      address,
      ...(chosen.kind === 'person' ? { ageConfirmed16Plus: true } : { relationship: 'organisation' }),
      createdAt: at,
    };
    return { recipient: { kind: chosen.kind, name: chosen.name, partyId, address }, flags: [], newParty };
  }
  if (chosen?.kind === 'occupier')
    return {
      recipient: {
        kind: 'occupier',
        partyId: premises.partyId,
        address: premises.address,
        enquiries: chosen.enquiries,
      },
      flags: [],
    };
  const named = namedResponsible(people);
  if (named?.name)
    return {
      recipient: {
        kind: 'person',
        name: named.name,
        partyId: named.partyId,
        address: named.address ?? premises.address,
      },
      flags: [],
    };
  return {
    recipient: { kind: 'occupier', partyId: premises.partyId, address: premises.address, enquiries },
    flags: enquiries.length ? [] : ['occupier-without-enquiries'],
  };
}

export interface NoticeTerms {
  kind: NoticeKind;
  statute: string;
  /** Requirements when the decision gives none. */
  defaultRequirements: Omit<Requirement, 'id'>[];
  complyDays: number;
  liveMonths: number;
  appealDays?: number;
  suspendedOnAppeal?: boolean;
  partnersInformed?: string[];
}

/** Builds the notice a decision serves, and the summary the case keeps of it. */
export function prepareNotice(
  c: NoiseCase,
  input: {
    opId: string;
    at: string;
    terms: NoticeTerms;
    particulars: NoticeParticulars | undefined;
    decision: StaffTask | undefined;
    people: CasePeople;
    enquiries: string[];
  },
): { notice: NoticeRecord; live: LiveNotice; flags: string[]; newParty?: Person } {
  const { terms, particulars, at } = input;
  const { recipient, flags, newParty } = resolveRecipient(
    c,
    input.people,
    input.enquiries,
    particulars?.recipient,
    input.opId,
    at,
  );
  const requirements = (particulars?.requirements ?? terms.defaultRequirements).map((r, index) => ({
    id: `r${index + 1}`,
    kind: r.kind,
    text: r.text,
  }));
  const complyBy = addDays(new Date(at), particulars?.complyDays ?? terms.complyDays).toISOString();
  const notice: NoticeRecord = {
    noticeId: noticeIdFor(input.opId),
    caseRef: c.caseRef,
    kind: terms.kind,
    statute: terms.statute,
    servedAt: at,
    servedBy: {
      id: input.decision?.decision?.decidedBy ?? 'system',
      ...(input.decision?.decision?.decidedByName ? { name: input.decision.decision.decidedByName } : {}),
    },
    recipient,
    requirements,
    complyBy,
    liveUntil: addMonths(new Date(at), terms.liveMonths).toISOString(),
    ...(terms.appealDays !== undefined
      ? { appealUntil: addDays(new Date(at), terms.appealDays).toISOString() }
      : {}),
    ...(terms.suspendedOnAppeal !== undefined ? { suspendedOnAppeal: terms.suspendedOnAppeal } : {}),
    ...(terms.partnersInformed ? { partnersInformed: terms.partnersInformed } : {}),
    status: 'in-force',
    ...(input.decision ? { decisionTaskId: input.decision.taskId } : {}),
  };
  return { notice, live: liveNoticeOf(notice), flags, ...(newParty ? { newParty } : {}) };
}

export function liveNoticeOf(notice: NoticeRecord): LiveNotice {
  return {
    noticeId: notice.noticeId,
    kind: notice.kind,
    servedAt: notice.servedAt,
    breachableFrom: notice.complyBy,
    liveUntil: notice.liveUntil,
    requirementKinds: [...new Set(notice.requirements.map((r) => r.kind))],
    ...(notice.appeal?.status === 'pending' ? { suspended: suspensionOf(notice) } : {}),
  };
}

/** What a pending appeal suspends: a CPN's "do" requirements (s.46); an abatement notice if it says so. */
export function suspensionOf(notice: NoticeRecord): 'none' | 'do' | 'all' {
  if (notice.kind === 'cpn') return 'do';
  if (notice.kind === 'abatement-notice') return notice.suspendedOnAppeal ? 'all' : 'none';
  return 'none';
}

/** The recipient as printed on a notice. */
export function recipientLine(recipient: Recipient): string {
  return recipient.kind === 'occupier' ? 'The occupier' : recipient.name;
}
