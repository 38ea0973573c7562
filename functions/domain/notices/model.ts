/**
 * Notices with legal effect (a Community Protection Warning or Notice, an abatement notice, a
 * Noise Act warning notice), the breaches recorded against them and appeals against them. A
 * notice is its own item: who it was served on, what it requires, by when, how long it stays in
 * force and whether an appeal suspends it.
 */
import * as z from 'zod';
import type { PrintableDocument } from '../documents/model.ts';
import { Address } from '../model/address.ts';
import { NoticeKind } from '../model/case.ts';
import { freeText, personName } from '../people/text-input.ts';

const text = (what: string, max: number) => freeText(what, max, { multiline: true });

/** "Do" requirements (do something) are suspended by a CPN appeal; "stop" requirements are not (s.46). */
export const RequirementKind = z.enum(['do', 'stop'], { error: 'A requirement is either "do" or "stop"' });

export const Requirement = z.object({
  id: z.string(),
  kind: RequirementKind,
  text: z.string(),
});
export type Requirement = z.infer<typeof Requirement>;

/**
 * Who a notice is for: a named person aged 16 or over, a body, or "the occupier" where the owner
 * or occupier could not be found after reasonable enquiries, which are recorded (2014 Act s.45).
 */
export const Recipient = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    name: z.string(),
    partyId: z.string().optional(),
    address: Address,
  }),
  z.object({ kind: z.literal('body'), name: z.string(), partyId: z.string().optional(), address: Address }),
  z.object({
    kind: z.literal('occupier'),
    partyId: z.string().optional(),
    address: Address,
    enquiries: z.array(z.string()),
  }),
]);
export type Recipient = z.infer<typeof Recipient>;

export const AppealRecord = z.object({
  appealId: z.string(),
  lodgedAt: z.string(),
  court: z.string(),
  status: z.enum(['pending', 'dismissed', 'varied', 'quashed']),
  decidedAt: z.string().optional(),
  taskId: z.string().optional(),
});
export type AppealRecord = z.infer<typeof AppealRecord>;

export const NoticeRecord = z.object({
  noticeId: z.string(),
  caseRef: z.string(),
  kind: NoticeKind,
  /** The Act and section it is served under, as printed on it. */
  statute: z.string(),
  servedAt: z.string(),
  servedBy: z.object({ id: z.string(), name: z.string().optional() }),
  recipient: Recipient,
  requirements: z.array(Requirement),
  /** The time given to comply ends here; conduct after it can breach the notice. */
  complyBy: z.string(),
  /** After this the notice no longer reopens a closed case at its breach decision. */
  liveUntil: z.string(),
  appealUntil: z.string().optional(),
  /** Abatement notices say whether an appeal suspends them (Statutory Nuisance (Appeals) Regs 1995 reg 3). */
  suspendedOnAppeal: z.boolean().optional(),
  /** Bodies informed before the notice was issued (2014 Act s.43(6)). */
  partnersInformed: z.array(z.string()).optional(),
  /** Noise Act warning notice: the period in which excess noise is an offence, and the levels measured. */
  period: z.object({ from: z.string(), until: z.string() }).optional(),
  levels: z.object({ measuredDb: z.number(), backgroundDb: z.number(), permittedDb: z.number() }).optional(),
  status: z.enum(['in-force', 'quashed', 'superseded', 'discharged']),
  appeal: AppealRecord.optional(),
  /** The task whose decision served it. */
  decisionTaskId: z.string().optional(),
  /** SHA-256 of the document served, so the served notice can be proven unchanged. */
  documentSha256: z.string().optional(),
  /** The notice as served (rendered to the PDF whose hash is above); removed at the end of retention. */
  document: z.custom<PrintableDocument>().optional(),
  op: z.string().optional(),
});
export type NoticeRecord = z.infer<typeof NoticeRecord>;

export const BreachRecord = z.object({
  breachId: z.string(),
  caseRef: z.string(),
  witnessedAt: z.string(),
  /** Where it was seen or heard from. */
  location: z.string(),
  description: z.string(),
  recordedAt: z.string(),
  recordedBy: z.object({
    kind: z.enum(['staff', 'resident', 'system']),
    id: z.string().optional(),
    name: z.string().optional(),
  }),
  /** The notice it was judged against, if one was in force. */
  noticeId: z.string().optional(),
  noticeKind: NoticeKind.optional(),
  requirementKind: RequirementKind.optional(),
  /** Whether it is a breach the law lets the council act on; otherwise it is evidence only. */
  counts: z.boolean(),
  why: z.string(),
  /** For a breach that is an offence: proceedings must start by this date (MCA 1980 s.127). */
  limitationDate: z.string().optional(),
  /** A breach signalled by a resident's report rather than witnessed by an officer. */
  complaintId: z.string().optional(),
  op: z.string().optional(),
});
export type BreachRecord = z.infer<typeof BreachRecord>;

export const RequirementInput = z.strictObject({
  kind: RequirementKind,
  text: text('the requirement', 1000),
});

/** The recipient a decision names; omitted, the case's named person (or the occupier, with enquiries) is used. */
export const RecipientInput = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('person'),
      name: personName('the name of the person responsible', 100),
      ageConfirmed16Plus: z.literal(true, {
        error: 'A notice may only name a person aged 16 or over: confirm their age',
      }),
      address: Address.optional(),
    }),
    z.strictObject({
      kind: z.literal('body'),
      name: text('the name of the organisation', 200),
      address: Address.optional(),
    }),
    z.strictObject({
      kind: z.literal('occupier'),
      enquiries: z
        .array(text('an enquiry made', 500))
        .min(1, { error: 'Record the reasonable enquiries made to find the owner or occupier (s.45)' })
        .max(20),
    }),
  ],
  { error: 'Say who the notice is for: person, body or occupier' },
);

/** What a decision to serve a notice may say about it; every field has a default. */
export const NoticeParticulars = z.strictObject({
  recipient: RecipientInput.optional(),
  requirements: z
    .array(RequirementInput)
    .min(1, { error: 'List at least one requirement' })
    .max(10)
    .optional(),
  complyDays: z
    .number({ error: 'complyDays must be a whole number of days' })
    .int({ error: 'complyDays must be a whole number of days' })
    .min(0, { error: 'complyDays cannot be negative' })
    .max(365, { error: 'complyDays must be 365 or fewer' })
    .optional(),
});
export type NoticeParticulars = z.infer<typeof NoticeParticulars>;
