/**
 * Closing a case, whichever route it was on: outcome letters, the retention clock, and the source
 * pointer so later reports reopen the case for a while (or, while its notice is live, reopen it
 * at the notice's breach decision).
 */
import { closePointer } from '../intake/source-pointer.ts';
import { outboxItem, toComplainants, toSource } from '../letters/outbox.ts';
import { greeting, signOff } from '../letters/words.ts';
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import { peopleOf, sourceRecipients } from '../people/parties.ts';
import type { StepInput } from '../routes/types.ts';
import type { LifecycleDeps } from './deps.ts';
import { retentionDates } from './retention-dates.ts';
import { runStep } from './step.ts';

const outcomeForComplainant = (to: Person, c: NoiseCase, outcome: string, stillLive: boolean) => ({
  subject: `Case ${c.caseRef}: outcome`,
  body: `${greeting(to.name)}\n\nWe have closed case ${c.caseRef}. ${outcome}\n${
    stillLive
      ? 'The notice served stays in force: if the noise starts again, report it and we will reopen the case.'
      : 'If the noise starts again within 28 days, report it and we will reopen the case.'
  }\n\n${signOff()}`,
});

const outcomeForSource = (to: Person, c: NoiseCase, stillLive: boolean) => ({
  subject: `Case ${c.caseRef}: closed`,
  body: `${greeting(to.name)}\n\nThe council has closed case ${c.caseRef} about noise from your address. No further action is needed at this time.${
    stillLive ? ' The notice served on you remains in force.' : ''
  }\n\n${signOff()}`,
});

export async function closeCase(
  deps: LifecycleDeps,
  input: StepInput & { outcome: string; residentOutcome: string },
): Promise<NoiseCase> {
  const closed = await runStep(deps, input, 'close', async (c, { opId, at }) => {
    const people = await peopleOf(deps, c);
    const stillLive = c.liveNotice !== undefined && Date.parse(c.liveNotice.liveUntil) > Date.parse(at);
    const letters = [
      ...toComplainants(
        c,
        people.complainants,
        'outcome',
        (to) => outcomeForComplainant(to, c, input.residentOutcome, stillLive),
        opId,
        at,
      ),
      // The source hears only if the council has written to them before (a notice, restorative justice).
      ...(c.liveNotice || c.route || c.status === 'restorative-process' || c.status === 'escalated'
        ? toSource(
            c,
            sourceRecipients(people),
            'outcome',
            (to) => outcomeForSource(to, c, stillLive),
            opId,
            at,
          )
        : []),
    ];
    return {
      type: 'CaseClosed',
      data: { outcome: input.outcome, messages: letters.map((m) => m.messageId) },
      patch: {
        status: 'closed',
        closedAt: at,
        closedReason: input.outcome,
        ...retentionDates(deps, at),
      },
      residentTitle: `The case was closed: ${input.residentOutcome}`,
      items: letters.map(outboxItem),
    };
  });
  await pointAtClosed(deps, closed);
  return closed;
}

/** The source's pointer now says closed (a report may reopen the case); left alone if it names another case. */
export async function pointAtClosed(deps: LifecycleDeps, closed: NoiseCase): Promise<void> {
  const live =
    closed.liveNotice && Date.parse(closed.liveNotice.liveUntil) > Date.parse(closed.closedAt ?? '')
      ? closed.liveNotice.liveUntil
      : undefined;
  if (
    !(await closePointer(deps, closed.sourceKey, closed.caseRef, closed.closedAt ?? closed.updatedAt, live))
  )
    deps.log?.error('the source of a closed case points at another case', { caseRef: closed.caseRef });
}
