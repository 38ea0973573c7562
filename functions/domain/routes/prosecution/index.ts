/**
 * Prosecutions, from any route: prepare the file for the legal team with the offence and its
 * limitation date, then wait (with reminders) for a manager to record how it ended: convicted,
 * acquitted, withdrawn, or a simple caution instead. The outcome closes the case, which starts its
 * retention clock.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { outboxItem, toComplainants, toSource, toStaff } from '../../letters/outbox.ts';
import { day, greeting, pounds, signOff } from '../../letters/words.ts';
import { runStep } from '../../lifecycle/step.ts';
import { taskRecord } from '../../lifecycle/tasks.ts';
import { getBreach } from '../../notices/breaches.ts';
import { penaltiesOf, penaltyKey } from '../../penalties/penalties.ts';
import { peopleOf, sourceRecipients } from '../../people/parties.ts';
import { addDays } from '../../time.ts';
import type { RouteModule } from '../types.ts';
import { referredToSource } from './letters.ts';

const money = z
  .number({ error: 'Enter an amount in pence' })
  .int({ error: 'Enter a whole number of pence' })
  .min(0, { error: 'An amount cannot be negative' })
  .max(100_000_000);

const CourtDetails = z.strictObject({
  court: z.string().trim().min(1).max(200).optional(),
  hearingDate: z.iso.date({ error: 'Enter the hearing date as YYYY-MM-DD' }).optional(),
});

const Conviction = CourtDetails.extend({
  finePence: money.optional(),
  costsPence: money.optional(),
  compensationPence: money.optional(),
});

const residentWords: Record<string, string> = {
  convicted: 'The person responsible was convicted at court.',
  acquitted: 'The court did not convict the person responsible.',
  withdrawn: 'The prosecution was withdrawn.',
  'simple-caution': 'The person responsible accepted a simple caution instead of prosecution.',
};

export const prosecution: RouteModule = {
  id: 'prosecution',
  title: 'Prosecution',
  phases: ['prosecution'],
  tasks: {
    'prosecution-outcome': {
      title: 'Record the outcome of the prosecution',
      groups: ['manager'],
      outcomes: ['convicted', 'acquitted', 'withdrawn', 'simple-caution'],
      due: (policy, from) => addDays(from, policy.prosecution.outcomeDueDays),
      // Court cases take months: the managers are reminded while it waits.
      reminderDays: (policy) =>
        Array.from(
          { length: Math.floor(policy.prosecution.outcomeDueDays / policy.prosecution.reminderDays) },
          (_, i) => (i + 1) * policy.prosecution.reminderDays,
        ),
      onOverdue: 'escalate',
      details: {
        convicted: Conviction,
        acquitted: CourtDetails,
        withdrawn: CourtDetails,
        'simple-caution': CourtDetails,
      },
    },
  },
  steps: {
    async 'prepare-file'(deps, input) {
      const c = await runStep(deps, input, 'prosecution-file', async (current, { opId, at }) => {
        const offenceId = input.context?.offenceId;
        const [offence, penalties, people] = await Promise.all([
          offenceId ? getBreach(deps, current.caseRef, offenceId) : undefined,
          penaltiesOf(deps, current),
          peopleOf(deps, current),
        ]);
        for (const penalty of penalties.filter((p) =>
          ['unpaid', 'part-paid', 'unpaid-after-deadline'].includes(p.status),
        )) {
          try {
            await deps.db.send(
              new UpdateCommand({
                TableName: deps.table,
                Key: penaltyKey(penalty.penaltyRef),
                UpdateExpression: 'SET #status = :prosecution',
                ConditionExpression: '#status IN (:a, :b, :c)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':prosecution': 'prosecution',
                  ':a': 'unpaid',
                  ':b': 'part-paid',
                  ':c': 'unpaid-after-deadline',
                },
              }),
            );
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }
        const legal = toStaff(
          current,
          'legal-team',
          'prosecution-file',
          {
            subject: `Prosecution file: case ${current.caseRef}`,
            body: `Case ${current.caseRef} is referred for prosecution.\n${
              offence
                ? `Offence: ${offence.noticeKind ?? 'breach'} breach witnessed ${offence.witnessedAt} (${offence.why}).\nProceedings must start by ${day(offence.limitationDate ?? offence.witnessedAt)} (Magistrates' Courts Act 1980 s.127).`
                : 'Offence: see the case.'
            }\nPenalties: ${
              penalties
                .map(
                  (p) =>
                    `${p.penaltyRef} (${p.status}, paid ${pounds(p.paidPence)} of ${pounds(p.amountPence)})`,
                )
                .join('; ') || 'none'
            }.\nThe notices, breaches, evidence and full audit trail are on the case.`,
          },
          opId,
          at,
        );
        const letters = [
          legal,
          ...toComplainants(
            current,
            people.complainants,
            'escalated',
            (to) => ({
              subject: `Case ${current.caseRef}: passed for prosecution`,
              body: `${greeting(to.name)}\n\nYour case ${current.caseRef} has been passed to the council's legal team to consider prosecution. You may be asked whether you are willing to give evidence. We will write to you with the outcome.\n\n${signOff()}`,
            }),
            opId,
            at,
          ),
          ...toSource(
            current,
            sourceRecipients(people),
            'prosecution',
            (to) => referredToSource(to, current, at),
            opId,
            at,
          ),
        ];
        return {
          type: 'ProsecutionFilePrepared',
          data: {
            ...(offence
              ? {
                  offenceId: offence.breachId,
                  offenceAt: offence.witnessedAt,
                  limitationDate: offence.limitationDate,
                }
              : {}),
            penalties: penalties.map((p) => p.penaltyRef),
            messages: letters.map((m) => m.messageId),
          },
          patch: { status: 'escalated' },
          residentTitle: 'The case was passed to the legal team to consider prosecution',
          items: letters.map(outboxItem),
        };
      });
      return { status: c.status };
    },
    async 'record-outcome'(deps, input) {
      const task = await taskRecord(deps, input.args?.taskId as string | undefined);
      const outcome = task?.decision?.outcome ?? 'withdrawn';
      const details = (task?.decision?.details ?? {}) as z.infer<typeof Conviction>;
      await runStep(deps, input, 'prosecution-outcome', async (current, { opId, at }) => {
        const people = await peopleOf(deps, current);
        const letters = toComplainants(
          current,
          people.complainants,
          'prosecutionOutcome',
          (to) => ({
            subject: `Case ${current.caseRef}: the outcome of the prosecution`,
            body: `${greeting(to.name)}\n\n${residentWords[outcome] ?? 'The prosecution has ended.'}${
              outcome === 'convicted' && details.finePence !== undefined
                ? ` The court imposed a fine of ${pounds(details.finePence)}.`
                : ''
            }\nThank you for your help with this case.\n\n${signOff()}`,
          }),
          opId,
          at,
        );
        return {
          type: 'ProsecutionConcluded',
          data: { outcome, ...details, messages: letters.map((m) => m.messageId) },
          residentTitle: residentWords[outcome] ?? 'The prosecution has ended',
          items: letters.map(outboxItem),
        };
      });
      return {
        outcome: `prosecution-${outcome}`,
        residentOutcome: residentWords[outcome] ?? 'The prosecution has ended.',
      };
    },
  },
};
