/**
 * People involved in a case. Their personal details live in their own items, apart from the case
 * facts, so retention can anonymise them and keep the statistics.
 */
import * as z from 'zod';
import { Address } from './address.ts';
import { SourceKind } from './complaint.ts';

/**
 * `source`: the premises the noise comes from, as the complainant described it. `responsible`:
 * the person responsible for the noise, once an officer has named them; `owner` and `agent`: the
 * owner or landlord and the managing agent of the premises.
 */
export const PartyRole = z.enum(['complainant', 'source', 'responsible', 'owner', 'agent']);
export type PartyRole = z.infer<typeof PartyRole>;

export const Person = z.object({
  partyId: z.string(),
  caseRef: z.string(),
  role: PartyRole,
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  address: Address,
  /** For the source: what kind of place it is and how the complainant described it. */
  sourceKind: SourceKind.optional(),
  description: z.string().optional(),
  /** Confirmed aged 16 or over: a CPW or CPN may only name such a person (2014 Act s.43(1)). */
  ageConfirmed16Plus: z.boolean().optional(),
  /** How a responsible person, owner or agent relates to the premises (tenant, owner-occupier, …). */
  relationship: z.string().optional(),
  /** A complainant willing to give evidence in court. */
  willingToGiveEvidence: z.boolean().optional(),
  /** The earlier record of this person that this one corrects: the newest record is the one used. */
  replaces: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  /** The operation that added the person: they are part of the case once it is applied. */
  op: z.string().optional(),
  anonymisedAt: z.string().optional(),
});
export type Person = z.infer<typeof Person>;
