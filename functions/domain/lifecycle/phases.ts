/**
 * A case runs as a chain of phase executions, each started by the one before it (or by a manager
 * moving the case on by hand). The case records which execution is current before it starts, so
 * a step of any other execution knows it has been superseded; the name is derived from where the
 * phase was started from, so a retried start is the same start.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../keys.ts';
import type { PhaseContext } from '../routes/types.ts';
import type { LifecycleDeps } from './deps.ts';

/** `NN-2026-000123-asb-warning-0a1b2c3d4e`: the case, the phase and a hash of where it came from. */
export function phaseExecutionName(caseRef: string, phase: string, from: string): string {
  return `${caseRef}-${phase}-${createHash('sha256').update(`${from}|${phase}`).digest('hex').slice(0, 10)}`;
}

/** The phase an execution runs, read back from its name. */
export function phaseOf(execution: string): string {
  return execution.slice(15, -11);
}

export function executionInput(caseRef: string, context: PhaseContext = {}) {
  return {
    caseRef,
    // Every key is always present (null when unknown): state machines read them by JSONPath.
    context: { decisionTaskId: context.decisionTaskId ?? null, offenceId: context.offenceId ?? null },
  };
}

export interface PhaseStart {
  caseRef: string;
  phase: string;
  /** The execution (or operation) handing over; the case must still be on it. */
  from: string;
  context?: PhaseContext | undefined;
  /** The legal route the phase belongs to, when it is one (ASB, statutory nuisance, Noise Act). */
  route?: string | undefined;
}

/**
 * Hands the case to the next phase: records the new execution on the case (one conditional write,
 * not an audited change: the decision or deadline that caused it is the audited fact), then starts
 * it. `started: false` when the case had already moved on from `from` to something else.
 */
export async function startPhase(
  deps: LifecycleDeps,
  input: PhaseStart,
): Promise<{ execution: string; started: boolean }> {
  const execution = phaseExecutionName(input.caseRef, input.phase, input.from);
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.case(input.caseRef),
        // The context too: a manager who restarts a stalled phase starts it with what it was given.
        UpdateExpression: `SET execution = :next, phase = :phase, startContext = :context${input.route ? ', #route = :route' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND (execution = :from OR execution = :next)',
        ...(input.route ? { ExpressionAttributeNames: { '#route': 'route' } } : {}),
        ExpressionAttributeValues: {
          ':next': execution,
          ':phase': input.phase,
          ':context': executionInput(input.caseRef, input.context).context,
          ':from': input.from,
          ...(input.route ? { ':route': input.route } : {}),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    deps.log?.info('phase not started: the case has moved on', {
      caseRef: input.caseRef,
      phase: input.phase,
    });
    return { execution, started: false };
  }
  await deps.engine.start(input.phase, execution, executionInput(input.caseRef, input.context));
  return { execution, started: true };
}
