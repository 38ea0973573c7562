/**
 * Retention: when a closed case reaches the end of its retention period (policy, default six
 * years after closure), the people's details are anonymised and the free text they wrote or that
 * was written to them is removed. The case facts, counts and audit trail stay for statistics.
 * Every step can run again without harm, so a sweep that dies half way is finished by the next.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mutateCase } from '../case-store.ts';
import { postcodeDistrict } from '../model/address.ts';
import type { OutboxMessage } from '../model/workflow.ts';
import { childrenOfCase } from '../table-access.ts';
import { type LifecycleDeps, systemActor } from './deps.ts';
import { peopleOf } from './outbox.ts';

const REMOVED = '[removed at the end of the retention period]';

export async function anonymiseCase(deps: LifecycleDeps, caseRef: string): Promise<string> {
  const c = await deps.store.get(caseRef);
  const now = deps.clock.now();
  if (
    c?.status !== 'closed' ||
    c.anonymisedAt ||
    !c.retainUntil ||
    Date.parse(c.retainUntil) > now.getTime()
  ) {
    return 'nothing-due';
  }
  const at = now.toISOString();
  const people = [
    ...(await peopleOf(deps, caseRef, 'complainant')),
    ...(await peopleOf(deps, caseRef, 'source')),
  ];
  for (const person of people.filter((p) => !p.anonymisedAt)) {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: { pk: `PERSON#${person.partyId}`, sk: 'PROFILE' },
        UpdateExpression:
          'SET address = :address, anonymisedAt = :at REMOVE #name, email, phone, description',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':address': { line1: REMOVED, postcode: postcodeDistrict(person.address.postcode) },
          ':at': at,
        },
      }),
    );
  }
  const letters = await childrenOfCase<OutboxMessage>(deps, caseRef, 'OUTBOX#');
  for (const letter of letters.filter((m) => m.body !== REMOVED)) {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: { pk: `OUTBOX#${letter.messageId}`, sk: 'MESSAGE' },
        UpdateExpression: 'SET body = :removed',
        ExpressionAttributeValues: { ':removed': REMOVED },
      }),
    );
  }
  const { Items: complaints = [] } = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseRef}`, ':prefix': 'COMPLAINT#' },
    }),
  );
  for (const complaint of complaints.filter((item) => item.description !== REMOVED)) {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: { pk: complaint.pk, sk: complaint.sk },
        UpdateExpression: 'SET description = :removed REMOVE impact',
        ExpressionAttributeValues: { ':removed': REMOVED },
      }),
    );
  }
  await mutateCase(deps.store, caseRef, (current) =>
    current.anonymisedAt
      ? null
      : {
          event: {
            type: 'PeopleAnonymised',
            at,
            actor: systemActor,
            visibility: 'staff',
            reason: 'The retention period ended',
            data: { people: people.length, letters: letters.length, complaints: complaints.length },
            opId: `anonymise:${caseRef}`,
          },
          patch: { anonymisedAt: at, retainUntil: undefined, updatedAt: at },
        },
  );
  return 'anonymised';
}
