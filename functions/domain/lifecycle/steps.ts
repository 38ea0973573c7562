/**
 * The system steps of a case's workflows. Each takes the execution name, and uses it to make its
 * operation id: a step retried by Step Functions finds its own event and does nothing twice.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mutateCase } from '../case-store.ts';
import { keys } from '../keys.ts';
import type { CaseStatus, NoiseCase } from '../model/case.ts';
import { addMonths, addWorkingDays } from '../time.ts';
import { type LifecycleDeps, systemActor } from './deps.ts';
import { notifyStaff, peopleOf, writeToComplainants, writeToSource } from './outbox.ts';
import { createPenalty, penaltiesOf, updatePenalty } from './penalties.ts';

export const phases = [
  'investigation',
  'warning',
  'breach',
  'penalty',
  'restorative',
  'prosecution',
] as const;
export type Phase = (typeof phases)[number];

export interface StepInput {
  caseRef: string;
  execution: string;
}

async function requireCase(deps: LifecycleDeps, caseRef: string): Promise<NoiseCase> {
  const found = await deps.store.get(caseRef);
  if (!found) throw new Error(`case ${caseRef} does not exist`);
  return found;
}

/**
 * Runs one step once: `act` queues its letters (idempotent by opId) and returns the event and
 * case change; if the step already left its event, nothing happens again.
 */
async function once(
  deps: LifecycleDeps,
  input: StepInput,
  step: string,
  act: (
    c: NoiseCase,
    opId: string,
    at: string,
  ) => Promise<{
    type: string;
    data: Record<string, unknown>;
    patch: Partial<NoiseCase>;
    residentTitle?: string;
    reason?: string;
  }>,
): Promise<NoiseCase> {
  const opId = `${input.execution}:${step}`;
  const result = await mutateCase(deps.store, input.caseRef, async (c) => {
    if (await deps.store.eventOf(c.caseRef, opId)) return null;
    const at = deps.clock.now().toISOString();
    const outcome = await act(c, opId, at);
    return {
      event: {
        type: outcome.type,
        at,
        actor: systemActor,
        visibility: outcome.residentTitle ? 'resident' : 'staff',
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        data: { ...outcome.data, ...(outcome.residentTitle ? { residentTitle: outcome.residentTitle } : {}) },
        opId,
      },
      patch: { ...outcome.patch, updatedAt: at },
    };
  });
  if (!result) throw new Error(`case ${input.caseRef} does not exist`);
  return result;
}

/**
 * The investigation's first step. Its running proves the case's workflow started, so the case
 * stops waiting for one: until then the sweeper would start it (under the same name) if the
 * process that opened the case died before it could.
 */
export async function acknowledgeComplaint(deps: LifecycleDeps, input: StepInput): Promise<NoiseCase> {
  const acknowledged = await acknowledgeComplainants(deps, input.caseRef, `${input.execution}:acknowledge`);
  if (!acknowledged.awaitingWorkflowSince) return acknowledged;
  const result = await mutateCase(deps.store, input.caseRef, (c) =>
    c.awaitingWorkflowSince
      ? {
          event: {
            type: 'WorkflowStarted',
            at: deps.clock.now().toISOString(),
            actor: systemActor,
            visibility: 'staff',
            data: { execution: input.execution },
            opId: `${input.execution}:started`,
          },
          patch: { awaitingWorkflowSince: undefined, updatedAt: deps.clock.now().toISOString() },
        }
      : null,
  );
  return result ?? acknowledged;
}

/**
 * Acknowledges every complainant on the case who has not been acknowledged yet: the first report
 * when the investigation starts, and each later report as it joins the case.
 */
export async function acknowledgeComplainants(
  deps: LifecycleDeps,
  caseRef: string,
  opId: string,
): Promise<NoiseCase> {
  const result = await mutateCase(deps.store, caseRef, async (c) => {
    if (await deps.store.eventOf(c.caseRef, opId)) return null;
    const done = new Set(c.acknowledgedParties ?? []);
    const waiting = (await peopleOf(deps, c.caseRef, 'complainant')).filter(
      (person) => !done.has(person.partyId),
    );
    if (waiting.length === 0) return null;
    const at = deps.clock.now().toISOString();
    const policy = deps.policy.at(new Date(at));
    const replyBy = addWorkingDays(new Date(at), policy.triage.dueWorkingDays).toISOString();
    // One acknowledgement per complainant, whichever path sends it (the investigation's first step
    // or a report joining the case): its id depends on the person only, so two racing senders
    // queue the same letter once.
    const messages = await writeToComplainants(
      deps,
      c,
      'acknowledgement',
      { replyBy },
      'acknowledgement',
      at,
      waiting,
    );
    return {
      event: {
        type: 'ComplaintAcknowledged',
        at,
        actor: systemActor,
        visibility: 'resident' as const,
        data: {
          messages,
          parties: waiting.map((person) => person.partyId),
          residentTitle: 'We acknowledged the report and an officer will review it',
        },
        opId,
      },
      patch: {
        acknowledgedAt: at,
        acknowledgedParties: [...done, ...waiting.map((person) => person.partyId)],
        updatedAt: at,
      },
    };
  });
  if (!result) throw new Error(`case ${caseRef} does not exist`);
  return result;
}

export async function issueWarning(deps: LifecycleDeps, input: StepInput): Promise<NoiseCase> {
  return once(deps, input, 'issue-warning', async (c, opId, at) => {
    const policy = deps.policy.at(new Date(at));
    const complianceEnds = new Date(
      Date.parse(at) + policy.warning.complianceDays * 86_400_000,
    ).toISOString();
    const toSource = await writeToSource(deps, c, 'communityProtectionWarning', { complianceEnds }, opId, at);
    const toComplainants = await writeToComplainants(deps, c, 'warningIssued', { complianceEnds }, opId, at);
    return {
      type: 'WarningIssued',
      data: { complianceEnds, messages: [...toSource, ...toComplainants] },
      patch: { status: 'warning-issued', warningIssuedAt: at },
      residentTitle: 'A Community Protection Warning was issued',
    };
  });
}

/** Issues the penalty for the most recent breach; returns its reference for the payment wait. */
export async function issueFixedPenalty(
  deps: LifecycleDeps,
  input: StepInput,
): Promise<{ penaltyRef: string }> {
  const existing = await deps.store.eventOf(input.caseRef, `${input.execution}:issue-fpn`);
  if (existing) return { penaltyRef: String(existing.data.penaltyRef) };
  const events = await deps.store.events(input.caseRef);
  const breach = [...events].reverse().find((event) => event.type === 'BreachRecorded');
  const penaltyCount = (await penaltiesOf(deps, input.caseRef)).length;
  // One penalty per execution: the reference is fixed by the execution, so a retry reuses it.
  const penaltyRef = `FPN-${input.caseRef.slice(3)}-${createHash('sha256').update(input.execution).digest('hex').slice(0, 4).toUpperCase()}${penaltyCount + 1}`;
  await once(deps, input, 'issue-fpn', async (c, opId, at) => {
    const offenceAt = String(breach?.data.witnessedAt ?? at);
    const penalty = await createPenalty(deps, {
      penaltyRef,
      caseRef: c.caseRef,
      offenceAt,
      issuedAt: new Date(at),
    });
    const toSource = await writeToSource(
      deps,
      c,
      'fixedPenaltyNotice',
      {
        penalty,
        breachDescription: String(breach?.data.description ?? 'a breach of the warning'),
        officer: String(breach?.actor.id ?? 'an authorised officer'),
      },
      opId,
      at,
    );
    const toComplainants = await writeToComplainants(deps, c, 'penaltyIssued', undefined, opId, at);
    return {
      type: 'FixedPenaltyIssued',
      data: {
        penaltyRef,
        amountPence: penalty.amountPence,
        discountedAmountPence: penalty.discountedAmountPence,
        discountUntil: penalty.discountUntil,
        dueBy: penalty.dueBy,
        prosecutionLimitationDate: penalty.prosecutionLimitationDate,
        messages: [...toSource, ...toComplainants],
      },
      patch: { status: 'penalty-issued' },
      residentTitle: 'A fixed penalty notice was issued',
    };
  });
  return { penaltyRef };
}

export async function startRestorative(deps: LifecycleDeps, input: StepInput): Promise<NoiseCase> {
  return once(deps, input, 'start-restorative', async (c, opId, at) => {
    const toComplainants = await writeToComplainants(deps, c, 'restorativeStarted', undefined, opId, at);
    const toSource = await writeToSource(deps, c, 'restorativeInvitation', undefined, opId, at);
    return {
      type: 'RestorativeProcessStarted',
      data: { messages: [...toComplainants, ...toSource] },
      patch: { status: 'restorative-process' },
      residentTitle: 'A restorative justice process was offered',
    };
  });
}

export async function prepareProsecutionFile(deps: LifecycleDeps, input: StepInput): Promise<NoiseCase> {
  return once(deps, input, 'prosecution-file', async (c, opId, at) => {
    const penalties = await penaltiesOf(deps, c.caseRef);
    for (const penalty of penalties.filter((p) => p.status !== 'paid'))
      await updatePenalty(deps, penalty.penaltyRef, { status: 'prosecution' });
    const breaches = (await deps.store.events(c.caseRef)).filter((event) => event.type === 'BreachRecorded');
    const limitation = penalties.map((p) => p.prosecutionLimitationDate).sort()[0];
    const legal = await notifyStaff(
      deps,
      c,
      'legal-team',
      'prosecution-file',
      {
        subject: `Prosecution file: case ${c.caseRef}`,
        body: `Case ${c.caseRef} is referred for prosecution.\nBreaches recorded: ${breaches.length}.\nPenalties: ${
          penalties
            .map((p) => `${p.penaltyRef} (${p.status}, paid ${p.paidPence}p of ${p.amountPence}p)`)
            .join('; ') || 'none'
        }.\n${limitation ? `Proceedings must start by ${limitation.slice(0, 10)}.` : ''}\nThe full audit trail is on the case.`,
      },
      opId,
      at,
    );
    const toComplainants = await writeToComplainants(deps, c, 'escalated', undefined, opId, at);
    const toSource = await writeToSource(deps, c, 'prosecution', undefined, opId, at);
    return {
      type: 'ProsecutionFilePrepared',
      data: {
        messages: [legal, ...toComplainants, ...toSource],
        ...(limitation ? { prosecutionLimitationDate: limitation } : {}),
      },
      patch: { status: 'escalated' },
      residentTitle: 'The case was passed to a senior officer for further action',
    };
  });
}

export async function closeCase(
  deps: LifecycleDeps,
  input: StepInput & { outcome: string; residentOutcome: string },
): Promise<NoiseCase> {
  const closed = await once(deps, input, `close`, async (c, opId, at) => {
    const toComplainants = await writeToComplainants(
      deps,
      c,
      'outcome',
      { outcome: input.residentOutcome },
      opId,
      at,
    );
    const noticeServed = c.warningIssuedAt !== undefined || c.status === 'restorative-process';
    const toSource = noticeServed
      ? await writeToSource(
          deps,
          c,
          'outcome',
          { outcome: 'No further action is needed at this time.' },
          opId,
          at,
        )
      : [];
    return {
      type: 'CaseClosed',
      data: { outcome: input.outcome, messages: [...toComplainants, ...toSource] },
      patch: {
        status: 'closed',
        closedAt: at,
        closedReason: input.outcome,
        phase: undefined,
        retainUntil: addMonths(
          new Date(at),
          12 * deps.policy.at(new Date(at)).retention.yearsAfterClosure,
        ).toISOString(),
      },
      residentTitle: `The case was closed: ${input.residentOutcome}`,
    };
  });
  // Repeat reports about this source may now reopen this case for a while, then start a new one.
  // The pointer names this case unless something unexpected moved it; then it is left alone.
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...keys.source(closed.sourceKey),
          caseRef: closed.caseRef,
          state: 'closed',
          closedAt: closed.closedAt,
        },
        ConditionExpression: 'caseRef = :ref',
        ExpressionAttributeValues: { ':ref': closed.caseRef },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    deps.log?.error('the source of a closed case points at another case', { caseRef: closed.caseRef });
  }
  return closed;
}

/** A workflow failed in a way its own steps could not handle: a person must look at the case now. */
export async function recordWorkflowStall(
  deps: LifecycleDeps,
  input: StepInput & { error?: string; cause?: string },
): Promise<NoiseCase> {
  deps.log?.error('workflow stalled: case escalated for a manager', {
    caseRef: input.caseRef,
    execution: input.execution,
    error: input.error,
  });
  return once(deps, input, 'stalled', async (c, opId, at) => {
    const alert = await notifyStaff(
      deps,
      c,
      'managers',
      'workflow-stalled',
      {
        subject: `Case ${c.caseRef} needs attention`,
        body: `The automated workflow for case ${c.caseRef} stopped (${input.error ?? 'unknown error'}). The case is escalated; decide the next step by hand.`,
      },
      opId,
      at,
    );
    return {
      type: 'WorkflowStalled',
      data: { error: input.error ?? 'unknown', messages: [alert] },
      reason: input.cause?.slice(0, 500),
      patch: {
        status: 'escalated' as CaseStatus,
        flags: [...new Set([...(c.flags ?? []), 'workflow-stalled'])],
      },
    };
  });
}

/** The name of the next phase's execution: fixed by where it was started from, so a retry starts nothing new. */
export function phaseExecutionName(caseRef: string, phase: Phase, from: string): string {
  return `${caseRef}-${phase}-${createHash('sha256').update(`${from}|${phase}`).digest('hex').slice(0, 10)}`;
}

export async function startPhase(
  deps: LifecycleDeps,
  input: { caseRef: string; phase: Phase; from: string; reason?: string },
): Promise<{ execution: string }> {
  const execution = phaseExecutionName(input.caseRef, input.phase, input.from);
  await mutateCase(deps.store, input.caseRef, (c) =>
    c.execution === execution
      ? null
      : {
          event: {
            type: 'PhaseStarted',
            at: deps.clock.now().toISOString(),
            actor: systemActor,
            visibility: 'staff',
            ...(input.reason ? { reason: input.reason } : {}),
            data: { phase: input.phase, execution, from: input.from },
            opId: `phase:${execution}`,
          },
          patch: {
            phase: input.phase,
            execution,
            updatedAt: deps.clock.now().toISOString(),
          },
        },
  );
  await deps.engine.start(input.phase, execution, { caseRef: input.caseRef });
  return { execution };
}

/** Starts the investigation of a new or reopened case; the sweeper calls it too if the intake died first. */
export async function startCaseWorkflow(deps: LifecycleDeps, caseRef: string, awaitingSince: string) {
  return startPhase(deps, {
    caseRef,
    phase: 'investigation',
    from: `opened@${awaitingSince}`,
    reason: 'A report opened or reopened the case',
  });
}

/** Restorative justice ended without an agreement kept: back to enforcement where it left off. */
export async function returnToEnforcement(deps: LifecycleDeps, input: StepInput & { why: string }) {
  const c = await requireCase(deps, input.caseRef);
  const phase: Phase = c.warningIssuedAt ? 'breach' : 'investigation';
  await once(deps, input, 'return-to-enforcement', async () => ({
    type: 'RestorativeProcessEnded',
    data: { why: input.why, returnsTo: phase },
    patch: { status: c.warningIssuedAt ? 'warning-issued' : 'under-investigation' },
    residentTitle: 'The restorative justice process ended; the council will decide on enforcement',
  }));
  return startPhase(deps, { caseRef: input.caseRef, phase, from: input.execution, reason: input.why });
}
