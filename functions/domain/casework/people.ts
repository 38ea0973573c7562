/**
 * Naming the people behind the premises: the person responsible for the noise (who a notice then
 * names, once confirmed 16 or over), the owner or landlord and the managing agent. A correction
 * is a new record that replaces the old one, so what a notice was served on stays on file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { validationFailed } from '../../commons/errors.ts';
import { hasApplied } from '../case-store.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import type { Person } from '../model/party.ts';
import type { NamePersonRequest } from '../model/requests.ts';
import { peopleOf, personItem } from '../people/parties.ts';
import { caseOrNotFound, refuseMerged } from './guards.ts';

export async function namePerson(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  body: NamePersonRequest,
) {
  const c = await caseOrNotFound(deps, caseRef);
  refuseMerged(c);
  const people = await peopleOf(deps, c);
  const corrected = body.corrects
    ? [...people.responsible, ...people.owners, ...people.agents].find((p) => p.partyId === body.corrects)
    : undefined;
  if (body.corrects && !corrected)
    throw validationFailed([
      { path: 'corrects', message: 'No current record of a person with that id on this case' },
    ]);
  if (corrected && corrected.role !== body.role)
    throw validationFailed([
      { path: 'role', message: `The person corrected is recorded as ${corrected.role}` },
    ]);
  const premises = people.source[0]?.address;
  const address = body.address ?? corrected?.address ?? premises;
  if (!address) throw validationFailed([{ path: 'address', message: 'Enter their address' }]);
  const at = deps.clock.now().toISOString();
  const opId = `person:${caseRef}:${randomUUID()}`;
  const person: Person = {
    partyId: `prs_${createHash('sha256').update(opId).digest('hex').slice(0, 20)}`,
    caseRef,
    role: body.role,
    name: body.name,
    address,
    ...pick(body, corrected, 'email'),
    ...pick(body, corrected, 'phone'),
    ...pick(body, corrected, 'relationship'),
    ...pick(body, corrected, 'ageConfirmed16Plus'),
    ...(corrected ? { replaces: corrected.partyId } : {}),
    createdAt: at,
  };
  await writeItems(deps, opId, [personItem(person)]);
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          // The event says who and what kind of record, never the person's details.
          event: {
            type: corrected ? 'PersonCorrected' : 'PersonNamed',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            data: {
              partyId: person.partyId,
              role: person.role,
              ageConfirmed16Plus: person.ageConfirmed16Plus ?? false,
              ...(corrected ? { replaces: corrected.partyId } : {}),
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  return { person: { ...person, caseRef } };
}

/** A field from the request, else (for a correction) the one already on record. */
function pick<K extends 'email' | 'phone' | 'relationship' | 'ageConfirmed16Plus'>(
  body: NamePersonRequest,
  corrected: Person | undefined,
  key: K,
): Partial<Pick<Person, K>> {
  const value = body[key] ?? corrected?.[key];
  return value === undefined ? {} : ({ [key]: value } as Partial<Pick<Person, K>>);
}

/** The people as staff see them: a record another corrects is kept, marked with what replaced it. */
export function withCorrections<T extends { partyId: string; replaces?: string | undefined }>(
  people: T[],
): (T & { supersededBy?: string })[] {
  const by = new Map(people.filter((p) => p.replaces).map((p) => [p.replaces as string, p.partyId]));
  return people.map((p) => (by.has(p.partyId) ? { ...p, supersededBy: by.get(p.partyId) as string } : p));
}
