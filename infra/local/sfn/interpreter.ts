/**
 * The one place that loads aws-local-stepfunctions, after the Node 20 polyfill, and that
 * recovers the interpreter's private `States.Timeout` error class. Loaded on first use: it is a
 * third of the server's start-up, and a start with nothing to run or resume does not need it.
 */
import './polyfill.ts';
import { createRequire } from 'node:module';
import type * as Interpreter from 'aws-local-stepfunctions';

export type { ExecutionError, StateMachine, StateMachineDefinition } from 'aws-local-stepfunctions';
export type InterpreterModule = typeof Interpreter;

let loading: Promise<InterpreterModule> | undefined;

export function loadInterpreter(): Promise<InterpreterModule> {
  loading ??= import('aws-local-stepfunctions');
  return loading;
}

/**
 * Runs the interpreter's own validator (asl-validator) on a definition, synchronously (loading
 * definitions is synchronous): through the package's CommonJS build, required on first use, which
 * is only when a definition was not validated already when it was synthesized.
 */
export function validateDefinition(definition: unknown): void {
  const { StateMachine } = createRequire(import.meta.url)('aws-local-stepfunctions') as InterpreterModule;
  new StateMachine(definition as never, { validationOptions: { checkArn: false } });
}

type ErrorConstructor0 = new () => Error;

let statesTimeoutErrorClass: ErrorConstructor0 | undefined;

/**
 * The interpreter lets `States.TaskFailed` match every error except instances of its own
 * (unexported) timeout class, so a timeout we raise must be an instance of that class for
 * Retry/Catch to behave as in AWS. We obtain the class once by letting a 1 ms task time out.
 */
export async function loadStatesTimeoutErrorClass(): Promise<ErrorConstructor0> {
  if (statesTimeoutErrorClass) return statesTimeoutErrorClass;
  const { StateMachine, ExecutionError } = await loadInterpreter();
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

/** Receives each event the interpreter's event logger takes, as it takes it. */
export type InterpreterEventSink = (event: unknown) => void;

/** The run option that names a sink (the interpreter passes run options through to `execute`). */
export const EVENT_SINK_OPTION = 'abateEventSink';

interface EventLoggerInternals {
  isLoggerClosed: boolean;
  dispatch(event: unknown): void;
}

type ExecuteOptions = { eventLogger?: EventLoggerInternals; runOptions?: Record<string, unknown> };
/** The interpreter's StateMachine as seen from a subclass: its (private in the types) `execute`. */
type StateMachineInternals = new (
  ...args: ConstructorParameters<InterpreterModule['StateMachine']>
) => { execute(input: unknown, options: ExecuteOptions, cleanup: () => void): Promise<unknown> };

/**
 * The interpreter's StateMachine, whose runs hand every event to the sink given as the run
 * option `abateEventSink`, synchronously, instead of queueing it for the `eventLogs` async
 * generator: no promise, generator step and EventTarget dispatch per event, and an event is
 * seen before the interpreter goes on (a state's StateEntered before its task handler runs).
 * Events of Map iterations and Parallel branches reach it as the interpreter forwards them to
 * the run's own logger, asynchronously, as they reached `eventLogs`. The run's `eventLogs` stays
 * empty. Relies on the interpreter's `execute(input, { eventLogger, runOptions })` and its
 * logger's `dispatch` and `isLoggerClosed` (aws-local-stepfunctions 3.0.0).
 */
export function sinkingStateMachine(module: InterpreterModule): InterpreterModule['StateMachine'] {
  const Base = module.StateMachine as unknown as StateMachineInternals;
  class SinkingStateMachine extends Base {
    override execute(input: unknown, options: ExecuteOptions, cleanup: () => void): Promise<unknown> {
      const sink = options.runOptions?.[EVENT_SINK_OPTION] as InterpreterEventSink | undefined;
      const logger = options.eventLogger;
      if (sink && logger) {
        logger.dispatch = (event) => {
          // As the logger's own dispatch: nothing after the run has ended.
          if (!logger.isLoggerClosed) sink(event);
        };
      }
      return super.execute(input, options, cleanup);
    }
  }
  return SinkingStateMachine as unknown as InterpreterModule['StateMachine'];
}
