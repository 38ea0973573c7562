/**
 * Step Functions, as the domain needs it: start a phase execution, and hand a waiting execution
 * its result. The local stack points the SDK at the local runtime through `SFN_ENDPOINT`.
 */
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { type DirectSend, sendDirectlyFirst } from './local-direct.ts';

export interface WorkflowEngine {
  /** Starts a phase; the same name and input again is a no-op (Step Functions de-duplicates). */
  start(phase: string, name: string, input: Record<string, unknown>): Promise<void>;
  /** Completes a waiting task; false when the execution no longer waits for it. */
  complete(token: string, output: Record<string, unknown>): Promise<boolean>;
  /** Whether an execution still waits on this token (a heartbeat, which changes nothing else). */
  isWaiting(token: string): Promise<boolean>;
  /** Stops a running phase execution; a finished or unknown one is left as it is. */
  stop(phase: string, name: string, cause: string): Promise<void>;
}

const gone = (error: unknown) =>
  error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken;

/**
 * Local only: a way to send a client's commands straight to the local Step Functions runtime in
 * this process (given each client as it is made; it answers undefined for a command the SDK must
 * send), registered by the local stack for its endpoint. Nothing registers one in AWS.
 */
const localDirectSends = new Map<string, (client: SFNClient) => DirectSend>();

export function configureLocalSfnClients(
  endpoint: string,
  direct: ((client: SFNClient) => DirectSend) | undefined,
): void {
  if (direct) localDirectSends.set(endpoint, direct);
  else localDirectSends.delete(endpoint);
  shared = undefined;
}

export function createSfnClient(env: NodeJS.ProcessEnv = process.env): SFNClient {
  const endpoint = env.SFN_ENDPOINT;
  const client = new SFNClient(
    endpoint
      ? {
          endpoint,
          region: env.AWS_REGION ?? 'eu-west-2',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  const direct = endpoint ? localDirectSends.get(endpoint)?.(client) : undefined;
  if (direct) sendDirectlyFirst(client, direct);
  return client;
}

export function stepFunctionsEngine(client: SFNClient, env: NodeJS.ProcessEnv = process.env): WorkflowEngine {
  return {
    async start(phase, name, input) {
      const prefix = env.STATE_MACHINE_ARN_PREFIX;
      if (!prefix) throw new Error('STATE_MACHINE_ARN_PREFIX is not set');
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn: `${prefix}${phase}`,
            name,
            input: JSON.stringify(input),
          }),
        );
      } catch (error) {
        // Names are derived from where a phase was started from, so an existing execution with
        // this name is this very start, made by an earlier try that has since finished.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
    async complete(token, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
        return true;
      } catch (error) {
        if (gone(error)) return false;
        throw error;
      }
    },
    async isWaiting(token) {
      try {
        await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
        return true;
      } catch (error) {
        if (gone(error)) return false;
        throw error;
      }
    },
    async stop(phase, name, cause) {
      const prefix = env.STATE_MACHINE_ARN_PREFIX;
      if (!prefix) throw new Error('STATE_MACHINE_ARN_PREFIX is not set');
      const executionArn = `${prefix.replace(':stateMachine:', ':execution:')}${phase}:${name}`;
      try {
        await client.send(new StopExecutionCommand({ executionArn, cause: cause.slice(0, 256) }));
      } catch (error) {
        if (!(error instanceof ExecutionDoesNotExist)) throw error;
      }
    },
  };
}

let shared: { endpoint: string | undefined; engine: WorkflowEngine } | undefined;

/** Shared across invocations; rebuilt if the (local) endpoint moved, as for the DynamoDB client. */
export function sharedWorkflowEngine(): WorkflowEngine {
  const endpoint = process.env.SFN_ENDPOINT;
  if (!shared || shared.endpoint !== endpoint)
    shared = { endpoint, engine: stepFunctionsEngine(createSfnClient()) };
  return shared.engine;
}
