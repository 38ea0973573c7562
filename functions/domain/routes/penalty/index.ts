/**
 * Fixed penalties, shared by the routes whose offences allow one (a CPN breach under the 2014 Act
 * s.52; excess night noise under the Noise Act 1996 s.8): issue the notice for the offence that
 * started the phase, wait for payment with reminders, and when the period ends unpaid ask a
 * manager whether to prosecute or withdraw.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hasApplied } from '../../case-store.ts';
import { hashForService } from '../../documents/service.ts';
import { outboxItem, toComplainants, toSource } from '../../letters/outbox.ts';
import { type LifecycleDeps, systemActor } from '../../lifecycle/deps.ts';
import { applyChange, runStep, writeItems } from '../../lifecycle/step.ts';
import { taskKey } from '../../lifecycle/tasks.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';
import type { Penalty, StaffTask } from '../../model/workflow.ts';
import { breachKey } from '../../notices/breaches.ts';
import type { BreachRecord, NoticeRecord, Recipient } from '../../notices/model.ts';
import { getNotice, noticeKey, recipientAsPerson } from '../../notices/notices.ts';
import { limitationCheck } from '../../notices/offences.ts';
import { getPenalty, penaltyItem, penaltyKey, penaltyRefFor } from '../../penalties/penalties.ts';
import { peopleOf } from '../../people/parties.ts';
import { batchGet } from '../../table-access.ts';
import { addDays, addMonths, addWorkingDays } from '../../time.ts';
import { penaltySchemeOf } from '../catalogue.ts';
import type { RouteModule } from '../types.ts';
import { fixedPenaltyNotice, paymentReminder, penaltyIssued, penaltyWithdrawn } from './letters.ts';

type IssuedPenalty = Penalty & { recipient?: Recipient; statusAtPayment?: Record<string, string> };

function recipientOf(penalty: IssuedPenalty, caseRef: string, at: string): Person[] {
  if (!penalty.recipient) return [];
  return [
    {
      partyId: penalty.recipient.partyId ?? `penalty-${penalty.penaltyRef}`,
      caseRef,
      role: 'source',
      ...(penalty.recipient.kind === 'occupier' ? {} : { name: penalty.recipient.name }),
      address: penalty.recipient.address,
      createdAt: at,
    },
  ];
}

/** Moves a penalty from one of `from` to `to`; false when it was in none of them. */
async function moveStatus(
  deps: LifecycleDeps,
  penaltyRef: string,
  from: string[],
  to: string,
  extra: Record<string, string> = {},
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':to': to };
  from.forEach((status, i) => {
    values[`:from${i}`] = status;
  });
  const sets = Object.entries(extra).map(([name, value], i) => {
    names[`#x${i}`] = name;
    values[`:x${i}`] = value;
    return `, #x${i} = :x${i}`;
  });
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: penaltyKey(penaltyRef),
        UpdateExpression: `SET #status = :to${sets.join('')}`,
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export const penalty: RouteModule = {
  id: 'penalty',
  title: 'Fixed penalty notices',
  phases: ['penalty'],
  tasks: {
    'prosecution-review': {
      title: 'Review an unpaid fixed penalty for prosecution',
      groups: ['manager'],
      outcomes: ['prosecute', 'withdraw'],
      due: (policy, from) => addWorkingDays(from, policy.decisions.prosecutionReviewDueWorkingDays),
      onOverdue: 'escalate',
      check: limitationCheck(['prosecute']),
    },
  },
  deadlines: {
    'payment-period': {
      fromFacts(deps, facts) {
        const { dueBy, issuedAt: issued } = facts;
        if (!dueBy || !issued) return undefined;
        const issuedAt = new Date(issued);
        return {
          dueAt: new Date(dueBy),
          reminders: deps.policy
            .at(issuedAt)
            .fixedPenalty.reminderDays.map((days) => addDays(issuedAt, days).toISOString())
            .filter((at) => at < dueBy)
            .map((at) => ({ at, template: 'paymentReminder' })),
        };
      },
      async due(deps, _c, input) {
        const issued = input.penaltyRef ? await getPenalty(deps, input.penaltyRef) : undefined;
        if (!issued) throw new Error(`penalty ${input.penaltyRef} does not exist`);
        return new Date(issued.dueBy);
      },
      async reminders(deps, _c, input) {
        const issued = input.penaltyRef ? await getPenalty(deps, input.penaltyRef) : undefined;
        if (!issued) return [];
        return deps.policy
          .at(new Date(issued.issuedAt))
          .fixedPenalty.reminderDays.map((days) => addDays(new Date(issued.issuedAt), days).toISOString())
          .filter((at) => at < issued.dueBy)
          .map((at) => ({ at, template: 'paymentReminder' }));
      },
      async remind(deps, deadline, index) {
        const issued = deadline.penaltyRef
          ? ((await getPenalty(deps, deadline.penaltyRef)) as IssuedPenalty | undefined)
          : undefined;
        // Only an open penalty is chased; the reminder says what is still owed.
        if (!issued || !['unpaid', 'part-paid'].includes(issued.status)) return;
        const opId = `remind:${deadline.deadlineId}:${index}`;
        const c = await deps.store.get(deadline.caseRef);
        if (!c || hasApplied(c, opId)) return;
        const at = deps.clock.now().toISOString();
        const letters = toSource(
          c,
          recipientOf(issued, c.caseRef, at),
          'paymentReminder',
          (to) => paymentReminder(to, c, issued, at),
          opId,
          at,
        );
        await runReminder(deps, c, opId, at, issued, index, letters);
      },
    },
  },
  steps: {
    async 'issue-fpn'(deps, input) {
      const penaltyRef = penaltyRefFor(input.caseRef, input.execution);
      let facts: Record<string, string> | undefined;
      await runStep(deps, input, 'issue-fpn', async (c, { opId, at }) => {
        const offenceId = input.context?.offenceId;
        const decisionTaskId = input.context?.decisionTaskId;
        // The offence, the decision and (usually) the notice breached, in one read.
        const [found, people] = await Promise.all([
          batchGet<Record<string, unknown>>(deps, [
            ...(offenceId ? [breachKey(c.caseRef, offenceId)] : []),
            ...(decisionTaskId ? [taskKey(decisionTaskId)] : []),
            ...(c.liveNotice ? [noticeKey(c.liveNotice.noticeId)] : []),
          ]),
          peopleOf(deps, c),
        ]);
        const breach = found.find((item) => item.breachId === offenceId) as BreachRecord | undefined;
        if (!breach?.noticeKind) throw new Error(`case ${c.caseRef} has no offence to issue a penalty for`);
        const decision = found.find((item) => item.taskId === decisionTaskId) as StaffTask | undefined;
        const notice =
          (found.find(
            (item) => item.noticeId !== undefined && item.noticeId === breach.noticeId && item.kind,
          ) as NoticeRecord | undefined) ??
          (breach.noticeId ? await getNotice(deps, breach.noticeId) : undefined);
        const scheme = penaltySchemeOf(breach.noticeKind);
        // Amounts are those in force on the date of the offence.
        const offencePolicy = deps.policy.at(new Date(breach.witnessedAt));
        const amounts = scheme.amounts(offencePolicy, c);
        const officer = decision?.decision?.decidedByName ?? 'an authorised officer';
        const issuedAt = new Date(at);
        const issued: IssuedPenalty = {
          penaltyRef,
          caseRef: c.caseRef,
          statute: scheme.statute,
          amountPence: amounts.amountPence,
          discountedAmountPence: amounts.discountedAmountPence,
          discountUntil: addDays(issuedAt, amounts.discountDays).toISOString(),
          dueBy: addDays(issuedAt, amounts.payWithinDays).toISOString(),
          prosecutionLimitationDate:
            breach.limitationDate ??
            addMonths(new Date(breach.witnessedAt), offencePolicy.offences.limitationMonths).toISOString(),
          offenceId: breach.breachId,
          offenceAt: breach.witnessedAt,
          issuedAt: at,
          status: 'unpaid',
          remindersSent: 0,
          paidPence: 0,
          paidByDiscountPence: 0,
          paidByDuePence: 0,
          statusAtPayment: {},
          issuedBy: officer,
          ...(notice ? { recipient: notice.recipient } : {}),
        };
        facts = { dueBy: issued.dueBy, issuedAt: issued.issuedAt };
        const recipient = notice ? recipientAsPerson(c, notice.recipient, people.source[0], at) : undefined;
        const toRecipient =
          notice && recipient
            ? fixedPenaltyNotice(recipient, c, {
                penalty: issued,
                offence: typeof scheme.offence === 'function' ? scheme.offence(c) : scheme.offence,
                breach,
                noticeServedAt: notice.servedAt,
                noticeKind: notice.kind,
                officer,
              })
            : undefined;
        // The notice posted is rendered once here: its hash is kept on the penalty with the document.
        Object.assign(issued, await hashForService(deps, toRecipient?.document));
        const letters = [
          ...(recipient && toRecipient
            ? toSource(c, [recipient], 'fixedPenaltyNotice', () => toRecipient, opId, at)
            : []),
          ...toComplainants(c, people.complainants, 'penaltyIssued', (to) => penaltyIssued(to, c), opId, at),
        ];
        return {
          type: 'FixedPenaltyIssued',
          data: {
            penaltyRef,
            statute: scheme.statute,
            offenceId: breach.breachId,
            offenceAt: breach.witnessedAt,
            amountPence: issued.amountPence,
            discountedAmountPence: issued.discountedAmountPence,
            discountUntil: issued.discountUntil,
            dueBy: issued.dueBy,
            prosecutionLimitationDate: issued.prosecutionLimitationDate,
            ...(issued.documentSha256 ? { documentSha256: issued.documentSha256 } : {}),
            messages: letters.map((m) => m.messageId),
          },
          patch: { status: 'penalty-issued' },
          residentTitle: 'A fixed penalty notice was issued',
          items: [penaltyItem(issued), ...letters.map(outboxItem)],
        };
      });
      // The dates the payment period is set from (so it needs no read of the penalty); a retry
      // that finds the penalty issued already reads them.
      if (!facts) {
        const issued = await getPenalty(deps, penaltyRef);
        facts = issued ? { dueBy: issued.dueBy, issuedAt: issued.issuedAt } : {};
      }
      return { penaltyRef, facts };
    },
    /** The payment period ended: an open penalty is now unpaid after the deadline (a paid one stays paid). */
    async 'mark-unpaid'(deps, input) {
      const penaltyRef = penaltyRefFor(input.caseRef, input.execution);
      await moveStatus(deps, penaltyRef, ['unpaid', 'part-paid'], 'unpaid-after-deadline');
      const latest = await getPenalty(deps, penaltyRef);
      return { settled: latest?.status === 'paid' };
    },
    async withdraw(deps, input) {
      const penaltyRef = penaltyRefFor(input.caseRef, input.execution);
      const c = await runStep(deps, input, 'withdraw-fpn', async (current, { opId, at }) => {
        await moveStatus(deps, penaltyRef, ['unpaid', 'part-paid', 'unpaid-after-deadline'], 'withdrawn', {
          withdrawnAt: at,
        });
        const issued = (await getPenalty(deps, penaltyRef)) as IssuedPenalty | undefined;
        const letters = issued
          ? toSource(
              current,
              recipientOf(issued, current.caseRef, at),
              'penaltyWithdrawn',
              (to) => penaltyWithdrawn(to, current, issued),
              opId,
              at,
            )
          : [];
        return {
          type: 'PenaltyWithdrawn',
          data: { penaltyRef, status: issued?.status, messages: letters.map((m) => m.messageId) },
          items: letters.map(outboxItem),
        };
      });
      return { status: c.status };
    },
  },
};

async function runReminder(
  deps: LifecycleDeps,
  c: NoiseCase,
  opId: string,
  at: string,
  issued: IssuedPenalty,
  index: number,
  letters: ReturnType<typeof toSource>,
) {
  await writeItems(deps, opId, letters.map(outboxItem));
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'PaymentReminderSent',
            at,
            actor: systemActor,
            visibility: 'staff',
            data: {
              penaltyRef: issued.penaltyRef,
              reminder: index + 1,
              messages: letters.map((m) => m.messageId),
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: penaltyKey(issued.penaltyRef),
      UpdateExpression: 'SET remindersSent = :n',
      ExpressionAttributeValues: { ':n': index + 1 },
    }),
  );
}
