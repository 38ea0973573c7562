/**
 * Execution history in the shapes `GetExecutionHistory` returns in AWS: the interpreter's coarse
 * events become `<Type>StateEntered`/`Exited` and execution events; task events are built by the
 * runtime's task handlers.
 */
import type { TaskIntegration } from './definitions.ts';

export type HistoryEvent = { type: string } & Record<string, unknown>;

export interface InterpreterEvent {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  index?: number;
  parentState?: { name: string };
}

const json = (value: unknown): string => JSON.stringify(value ?? null);

/**
 * Maps one interpreter event, or returns undefined for those AWS has no counterpart for (task
 * failures are reported by the task handler; retries show as a new TaskScheduled).
 */
export function historyEventFromInterpreter(
  event: InterpreterEvent,
  originalType: (stateName: string) => string,
  roleArn: string,
): HistoryEvent | undefined {
  const stateName = event.state?.name ?? '';
  switch (event.type) {
    case 'ExecutionStarted':
      return {
        type: 'ExecutionStarted',
        executionStartedEventDetails: {
          input: json(event.input),
          inputDetails: { truncated: false },
          roleArn,
        },
      };
    case 'ExecutionSucceeded':
      return {
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: json(event.output), outputDetails: { truncated: false } },
      };
    case 'ExecutionFailed':
      return {
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: event.Error, cause: causeText(event.Cause) },
      };
    case 'StateEntered':
      return {
        type: `${originalType(stateName)}StateEntered`,
        stateEnteredEventDetails: {
          name: stateName,
          input: json(event.state?.input),
          inputDetails: { truncated: false },
        },
      };
    case 'StateExited':
      return {
        type: `${originalType(stateName)}StateExited`,
        stateExitedEventDetails: {
          name: stateName,
          output: json(event.state?.output),
          outputDetails: { truncated: false },
        },
      };
    case 'StateCaught':
      // AWS leaves a caught state with a StateExited; the error output is in the next state's input.
      return {
        type: `${originalType(stateName)}StateExited`,
        stateExitedEventDetails: {
          name: stateName,
          output: json(event.state?.input),
          outputDetails: { truncated: false },
        },
      };
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const key = `${event.type[0]?.toLowerCase()}${event.type.slice(1)}EventDetails`;
      return { type: event.type, [key]: { name: event.parentState?.name, index: event.index } };
    }
    default:
      return undefined;
  }
}

export function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? '' : JSON.stringify(cause);
}

/** `resourceType`/`resource` pair AWS reports for an optimised integration. */
function resourceOf(integration: TaskIntegration): { resourceType: string; resource: string } {
  const suffix = 'waitForTaskToken' in integration && integration.waitForTaskToken ? '.waitForTaskToken' : '';
  if (integration.kind === 'startExecution')
    return { resourceType: 'states', resource: `startExecution${suffix}` };
  return { resourceType: 'lambda', resource: `invoke${suffix}` };
}

export function taskScheduledEvent(
  integration: TaskIntegration,
  parameters: unknown,
  region: string,
  timeouts: { timeoutSeconds?: number; heartbeatSeconds?: number },
): HistoryEvent {
  if (integration.kind === 'lambda') {
    return {
      type: 'LambdaFunctionScheduled',
      lambdaFunctionScheduledEventDetails: {
        resource: integration.functionId,
        input: json(parameters),
        inputDetails: { truncated: false },
        ...(timeouts.timeoutSeconds ? { timeoutInSeconds: timeouts.timeoutSeconds } : {}),
      },
    };
  }
  return {
    type: 'TaskScheduled',
    taskScheduledEventDetails: {
      ...resourceOf(integration),
      region,
      parameters: json(parameters),
      ...(timeouts.timeoutSeconds ? { timeoutInSeconds: timeouts.timeoutSeconds } : {}),
      ...(timeouts.heartbeatSeconds ? { heartbeatInSeconds: timeouts.heartbeatSeconds } : {}),
    },
  };
}

export function taskStartedEvent(integration: TaskIntegration): HistoryEvent {
  if (integration.kind === 'lambda') return { type: 'LambdaFunctionStarted' };
  return { type: 'TaskStarted', taskStartedEventDetails: resourceOf(integration) };
}

export function taskSubmittedEvent(integration: TaskIntegration, output: unknown): HistoryEvent {
  return {
    type: 'TaskSubmitted',
    taskSubmittedEventDetails: {
      ...resourceOf(integration),
      output: json(output),
      outputDetails: { truncated: false },
    },
  };
}

/** `text`, when given, is `output` as JSON already. */
export function taskSucceededEvent(
  integration: TaskIntegration,
  output: unknown,
  text?: string,
): HistoryEvent {
  if (integration.kind === 'lambda') {
    return {
      type: 'LambdaFunctionSucceeded',
      lambdaFunctionSucceededEventDetails: {
        output: text ?? json(output),
        outputDetails: { truncated: false },
      },
    };
  }
  return {
    type: 'TaskSucceeded',
    taskSucceededEventDetails: {
      ...resourceOf(integration),
      output: text ?? json(output),
      outputDetails: { truncated: false },
    },
  };
}

export function taskFailedEvent(integration: TaskIntegration, error: string, cause: string): HistoryEvent {
  if (integration.kind === 'lambda') {
    return { type: 'LambdaFunctionFailed', lambdaFunctionFailedEventDetails: { error, cause } };
  }
  return { type: 'TaskFailed', taskFailedEventDetails: { ...resourceOf(integration), error, cause } };
}

export function taskTimedOutEvent(integration: TaskIntegration, error: string, cause: string): HistoryEvent {
  if (integration.kind === 'lambda') {
    return { type: 'LambdaFunctionTimedOut', lambdaFunctionTimedOutEventDetails: { error, cause } };
  }
  return { type: 'TaskTimedOut', taskTimedOutEventDetails: { ...resourceOf(integration), error, cause } };
}
