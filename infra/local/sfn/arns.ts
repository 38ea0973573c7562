/** The fixed account, region and ARN shapes of the local runtime (nothing here reaches AWS). */
export const LOCAL_REGION = 'eu-west-2';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_PARTITION = 'aws';

export function lambdaFunctionArn(functionId: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionId}`;
}

export function stateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
}

export function executionArn(stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${stateMachineName}:${executionName}`;
}

export function dynamoTableArn(tableName: string): string {
  return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${tableName}`;
}

/**
 * The function a Lambda reference names: a plain name, a function ARN (any region/account, an
 * optional version or alias qualifier) or a partial `function:name` form, as Lambda accepts.
 */
export function functionIdFromReference(reference: string): string {
  const match =
    /^(?:arn:[^:]+:lambda:[^:]*:[^:]*:)?(?:function:)?([A-Za-z0-9_-]+)(?::[$A-Za-z0-9_-]+)?$/.exec(reference);
  if (!match?.[1]) throw new Error(`not a Lambda function reference: ${reference}`);
  return match[1];
}

/** `arn:aws:states:<region>:<account>:execution:<machine>:<name>` split into its two names. */
export function parseExecutionArn(
  arn: string,
): { stateMachineName: string; executionName: string } | undefined {
  const match = /^arn:[^:]+:states:[^:]*:[^:]*:execution:([^:]+):([^:]+)$/.exec(arn);
  if (!match?.[1] || !match[2]) return undefined;
  return { stateMachineName: match[1], executionName: match[2] };
}

export function parseStateMachineArn(arn: string): string | undefined {
  const match = /^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:([^:]+)$/.exec(arn);
  return match?.[1];
}
