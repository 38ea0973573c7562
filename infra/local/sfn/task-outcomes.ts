/** How a task attempt ended, and the errors the interpreter matches against Retry and Catch. */
import { StepFunctionsError } from './errors.ts';
import { causeText } from './history.ts';

export interface Outcome {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  output?: string;
  error?: string;
  cause?: string;
}

/** The Error/Cause AWS reports for a function error: the error type, and the error payload as JSON. */
export function lambdaError(error: unknown): { error: string; cause: string } {
  if (error instanceof Error) {
    const errorType = error.name || 'Error';
    return { error: errorType, cause: JSON.stringify({ errorType, errorMessage: error.message }) };
  }
  return { error: 'Error', cause: JSON.stringify({ errorType: 'Error', errorMessage: causeText(error) }) };
}

export function runtimeError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function taskTimedOut(): StepFunctionsError {
  return new StepFunctionsError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
}
