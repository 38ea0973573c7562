/**
 * Who a Community Protection Warning or Notice can be given to (2014 Act s.45): a named person aged
 * 16 or over, or a body; "the occupier" only once reasonable enquiries to find the owner or
 * occupier are recorded (on the case, or on the warning before it). A decision that would give a
 * warning or serve a notice to nobody the law allows is refused before it is recorded, saying what
 * to do first.
 */
import { conflict } from '../../commons/errors.ts';
import { namedResponsible, peopleOf } from '../people/parties.ts';
import type { TaskKind } from '../routes/types.ts';
import type { NoticeParticulars } from './model.ts';
import { enquiriesOnEarlierNotices } from './serve.ts';

export function recipientCheck(outcomes: readonly string[]): NonNullable<TaskKind['check']> {
  return async (deps, task, decision) => {
    if (!outcomes.includes(decision.outcome)) return;
    // A recipient in the decision is checked by its schema: an occupier needs at least one enquiry.
    if ((decision.details as NoticeParticulars | undefined)?.recipient) return;
    const c = await deps.store.get(task.caseRef);
    if (!c || (c.enquiryCount ?? 0) > 0) return;
    const people = await peopleOf(deps, c);
    if (namedResponsible(people)) return;
    if ((await enquiriesOnEarlierNotices(deps, c)).length > 0) return;
    throw conflict(
      'RECIPIENT_NOT_ESTABLISHED',
      'Nobody is named on this case and no enquiries to find the owner or occupier are recorded. Name the person responsible, record the reasonable enquiries made (2014 Act s.45), or give the recipient in the decision: a warning or notice goes to "the occupier" only after those enquiries.',
    );
  };
}
