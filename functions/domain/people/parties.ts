/** The people on a case, read together in one query and judged against the case's applied operations. */
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import { childrenOfCase, type TableAccess } from '../table-access.ts';

export interface CasePeople {
  complainants: Person[];
  /** The premises as reported (address and kind), addressed to the occupier when no one is named. */
  source: Person[];
  /** The person responsible once named, newest first. */
  responsible: Person[];
  owners: Person[];
  agents: Person[];
}

const counts = (c: Pick<NoiseCase, 'ops'>, person: Person) =>
  person.op === undefined || (c.ops?.includes(person.op) ?? false);

export async function peopleOf(
  deps: TableAccess,
  c: Pick<NoiseCase, 'caseRef' | 'ops'>,
): Promise<CasePeople> {
  const counted = (await childrenOfCase<Person>(deps, c.caseRef, 'PERSON#')).filter((p) => counts(c, p));
  // A corrected record gives way to the one that corrects it.
  const replaced = new Set(counted.map((p) => p.replaces).filter(Boolean));
  const everyone = counted.filter((p) => !replaced.has(p.partyId));
  const role = (r: Person['role']) =>
    everyone
      .filter((p) => p.role === r)
      .sort((a, b) => (b.updatedAt ?? b.createdAt).localeCompare(a.updatedAt ?? a.createdAt));
  return {
    complainants: role('complainant').reverse(),
    source: role('source'),
    responsible: role('responsible'),
    owners: role('owner'),
    agents: role('agent'),
  };
}

/** The person item's key and the index attributes that list it under its case. */
export function personItem(person: Person): Record<string, unknown> {
  return {
    pk: `PERSON#${person.partyId}`,
    sk: 'PROFILE',
    gsi2pk: `CASE#${person.caseRef}`,
    gsi2sk: `PERSON#${person.role}#${person.partyId}`,
    ...person,
  };
}

/** The person responsible an officer has named, 16 or over and not anonymised: whom a notice names. */
export function namedResponsible(people: CasePeople): Person | undefined {
  return people.responsible.find((p) => p.name && p.ageConfirmed16Plus && !p.anonymisedAt);
}

/**
 * Who letters to "the source" go to: the person responsible once an officer has named them (16 or
 * over), else the premises, addressed to the occupier. Built from their own details only.
 */
export function sourceRecipients(people: CasePeople): Person[] {
  const named = namedResponsible(people);
  if (named) return [named];
  return people.source.slice(0, 1).map((premises) => {
    const { name: _name, description: _description, ...rest } = premises;
    return rest;
  });
}

/**
 * The reasonable enquiries recorded on the case to find the owner or occupier (2014 Act s.45):
 * a notice may be addressed to "the occupier" only with them.
 */
export async function enquiriesOf(
  deps: TableAccess,
  c: Pick<NoiseCase, 'caseRef' | 'ops'>,
): Promise<string[]> {
  const records = await childrenOfCase<{ enquiry: string; op?: string; anonymisedAt?: string }>(
    deps,
    c.caseRef,
    'ENQUIRY#',
  );
  return records.filter((r) => counts(c, r as unknown as Person)).map((r) => r.enquiry);
}
