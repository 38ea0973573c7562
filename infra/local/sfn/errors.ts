/**
 * Step Functions API errors by their real names. `@aws-sdk/client-sfn` maps the `__type` of a
 * JSON 1.0 error body (the part after `#`) to its exception class, so callers can catch
 * `TaskDoesNotExist` etc. exactly as they do against AWS.
 */
export type StepFunctionsErrorCode =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException'
  | 'UnknownOperationException';

export class StepFunctionsError extends Error {
  constructor(
    readonly code: StepFunctionsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }

  /** The body AWS sends, with the namespace the real service uses. */
  toBody(): { __type: string; message: string } {
    return { __type: `com.amazonaws.swf.service.v2.model#${this.code}`, message: this.message };
  }
}
