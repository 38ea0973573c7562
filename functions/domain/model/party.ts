/**
 * People involved in a case. Their personal details live in their own items, apart from the case
 * facts, so retention can anonymise them and keep the statistics.
 */
import * as z from 'zod';
import { Address } from './address.ts';
import { SourceKind } from './complaint.ts';

export const PartyRole = z.enum(['complainant', 'source']);
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
  createdAt: z.string(),
  anonymisedAt: z.string().optional(),
});
export type Person = z.infer<typeof Person>;
