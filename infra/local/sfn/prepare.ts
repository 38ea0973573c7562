/**
 * The definition the interpreter actually runs. Everything that must happen in clock time rather
 * than real time (task timeouts, heartbeats, Wait states, the execution timeout) is taken out of
 * the interpreter's hands here and enforced by the runtime from DynamoDB-held deadlines.
 */
import type { JsonObject, LocalStateMachine } from './definitions.ts';

/** Resource name given to Wait states turned into runtime-handled timers. */
export const WAIT_TIMER_RESOURCE = 'arn:aws:states:::abate:waitTimer';
/**
 * The interpreter applies a real-time timeout (60 s when none is declared) to every Task; the
 * largest value Node timers accept keeps it out of the way of clock-time deadlines.
 */
const INTERPRETER_TASK_TIMEOUT_SECONDS = 2_147_483;

/** Keys of the wrapper Parameters the runtime's task handlers receive. */
export interface WrappedTaskInput {
  /** The state's Parameters applied to its input (or the input itself). */
  parameters: unknown;
  timeoutSeconds?: unknown;
  heartbeatSeconds?: unknown;
}

export interface WrappedWaitInput {
  input: unknown;
  seconds?: unknown;
  timestamp?: unknown;
}

export function interpreterDefinition(machine: LocalStateMachine): JsonObject {
  const copy = structuredClone(machine.definition);
  delete copy.TimeoutSeconds;
  rewriteStates(copy);
  return copy;
}

function rewriteStates(container: JsonObject): void {
  const states = (container.States ?? {}) as Record<string, JsonObject>;
  for (const [stateName, state] of Object.entries(states)) {
    if (state.Type === 'Task') states[stateName] = rewriteTask(state);
    else if (state.Type === 'Wait') states[stateName] = rewriteWait(state);
    for (const branch of (state.Branches ?? []) as JsonObject[]) rewriteStates(branch);
    const processor = (state.ItemProcessor ?? state.Iterator) as JsonObject | undefined;
    if (processor) rewriteStates(processor);
  }
}

function rewriteTask(state: JsonObject): JsonObject {
  const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, Parameters, ...rest } =
    state;
  const wrapper: JsonObject = Parameters === undefined ? { 'parameters.$': '$' } : { parameters: Parameters };
  if (typeof TimeoutSecondsPath === 'string') wrapper['timeoutSeconds.$'] = TimeoutSecondsPath;
  if (typeof HeartbeatSecondsPath === 'string') wrapper['heartbeatSeconds.$'] = HeartbeatSecondsPath;
  return { ...rest, Parameters: wrapper, TimeoutSeconds: INTERPRETER_TASK_TIMEOUT_SECONDS };
}

function rewriteWait(state: JsonObject): JsonObject {
  const { Seconds, SecondsPath, Timestamp, TimestampPath, Type, ...rest } = state;
  const wrapper: JsonObject = { 'input.$': '$' };
  if (typeof SecondsPath === 'string') wrapper['seconds.$'] = SecondsPath;
  if (typeof TimestampPath === 'string') wrapper['timestamp.$'] = TimestampPath;
  return {
    ...rest,
    Type: 'Task',
    Resource: WAIT_TIMER_RESOURCE,
    Parameters: wrapper,
    TimeoutSeconds: INTERPRETER_TASK_TIMEOUT_SECONDS,
  };
}
