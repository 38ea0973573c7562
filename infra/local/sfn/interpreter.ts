/**
 * The one place that imports aws-local-stepfunctions, after the Node 20 polyfill, and that
 * recovers the interpreter's private `States.Timeout` error class.
 */
import './polyfill.ts';
import { ExecutionAbortedError, ExecutionError, StateMachine } from 'aws-local-stepfunctions';

export type { StateMachineDefinition } from 'aws-local-stepfunctions';
export { ExecutionAbortedError, ExecutionError, StateMachine };

type ErrorConstructor0 = new () => Error;

let statesTimeoutErrorClass: ErrorConstructor0 | undefined;

/**
 * The interpreter lets `States.TaskFailed` match every error except instances of its own
 * (unexported) timeout class, so a timeout we raise must be an instance of that class for
 * Retry/Catch to behave as in AWS. We obtain the class once by letting a 1 ms task time out.
 */
export async function loadStatesTimeoutErrorClass(): Promise<ErrorConstructor0> {
  if (statesTimeoutErrorClass) return statesTimeoutErrorClass;
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: { Probe: { Type: 'Task', Resource: 'probe', TimeoutSeconds: 0.001, End: true } },
    },
    { validationOptions: { noValidate: true } },
  );
  const never = new Promise<never>(() => {});
  const execution = probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => never } } });
  void (async () => {
    for await (const _ of execution.eventLogs) {
      // drain so the logger does not keep events alive
    }
  })();
  try {
    await execution.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? (error.cause as Error | undefined) : undefined;
    if (cause?.name === 'States.Timeout') {
      statesTimeoutErrorClass = cause.constructor as ErrorConstructor0;
      return statesTimeoutErrorClass;
    }
  }
  throw new Error('could not obtain the interpreter States.Timeout error class');
}
