/**
 * The Step Functions API operations Abate uses, with AWS request and response shapes (dates as
 * epoch seconds, as the JSON 1.0 protocol sends them). HTTP and in-process callers share this.
 */
import { withRequestOrigin } from '../dynamodb.ts';
import { parseExecutionArn } from './arns.ts';
import type { StepFunctionsEngine } from './engine.ts';
import { StepFunctionsError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus } from './store.ts';

export type ApiInput = Record<string, unknown>;
export type ApiOutput = Record<string, unknown>;
export type StepFunctionsApi = (operation: string, input: ApiInput) => Promise<ApiOutput>;

const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;
const EXECUTION_STATUSES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export function createApi(engine: StepFunctionsEngine, createdAt: Date): StepFunctionsApi {
  const operations: Record<string, (input: ApiInput) => Promise<ApiOutput>> = {
    async StartExecution(input) {
      const started = await engine.startExecution({
        stateMachineArn: requiredString(input, 'stateMachineArn'),
        ...optionalString(input, 'name'),
        ...optionalString(input, 'input'),
      });
      return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
    },

    async DescribeExecution(input) {
      const record = await engine.describeExecution(executionArnOf(input));
      return {
        ...executionSummary(record),
        input: record.input,
        inputDetails: { included: true },
        ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
        ...(record.error !== undefined ? { error: record.error } : {}),
        ...(record.cause !== undefined ? { cause: record.cause } : {}),
      };
    },

    async ListExecutions(input) {
      const statusFilter = input.statusFilter;
      if (statusFilter !== undefined && !EXECUTION_STATUSES.has(String(statusFilter))) {
        throw new StepFunctionsError(
          'ValidationException',
          `statusFilter ${String(statusFilter)} is not a status`,
        );
      }
      const page = await engine.listExecutions({
        stateMachineArn: requiredString(input, 'stateMachineArn'),
        ...(statusFilter ? { statusFilter: statusFilter as ExecutionStatus } : {}),
        ...(typeof input.maxResults === 'number' ? { maxResults: input.maxResults } : {}),
        ...optionalString(input, 'nextToken'),
      });
      return {
        executions: page.executions.map(executionSummary),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },

    async StopExecution(input) {
      const stopped = await engine.stopExecution(
        executionArnOf(input),
        typeof input.error === 'string' ? input.error : undefined,
        typeof input.cause === 'string' ? input.cause : undefined,
      );
      return { stopDate: epochSeconds(stopped.stopDate) };
    },

    async GetExecutionHistory(input) {
      const page = await engine.history(executionArnOf(input), {
        reverseOrder: input.reverseOrder === true,
        ...(typeof input.maxResults === 'number' ? { maxResults: input.maxResults } : {}),
        ...optionalString(input, 'nextToken'),
      });
      return {
        events: page.events.map((event) => ({ ...event, timestamp: epochSeconds(String(event.timestamp)) })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },

    async SendTaskSuccess(input) {
      await engine.sendTaskSuccess(requiredString(input, 'taskToken'), requiredString(input, 'output'));
      return {};
    },

    async SendTaskFailure(input) {
      await engine.sendTaskFailure(
        requiredString(input, 'taskToken'),
        typeof input.error === 'string' ? input.error : undefined,
        typeof input.cause === 'string' ? input.cause : undefined,
      );
      return {};
    },

    async SendTaskHeartbeat(input) {
      await engine.sendTaskHeartbeat(requiredString(input, 'taskToken'));
      return {};
    },

    async ListStateMachines() {
      return {
        stateMachines: [...engine.machines.values()].map((machine) => ({
          stateMachineArn: machine.arn,
          name: machine.name,
          type: 'STANDARD',
          creationDate: createdAt.getTime() / 1000,
        })),
      };
    },

    async DescribeStateMachine(input) {
      const arn = requiredString(input, 'stateMachineArn');
      const machine = engine.machines.get(arn);
      if (!machine) {
        throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      }
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: JSON.stringify(machine.definition),
        roleArn: 'arn:aws:iam::000000000000:role/abate-local-state-machine',
        type: 'STANDARD',
        creationDate: createdAt.getTime() / 1000,
      };
    },
  };

  return async (operation, input) => {
    const run = operations[operation];
    if (!run) {
      throw new StepFunctionsError(
        'UnknownOperationException',
        `The local runtime does not support ${operation}`,
      );
    }
    return withRequestOrigin('sfn:api', () => run(input ?? {}));
  };
}

function executionSummary(record: ExecutionRecord): ApiOutput {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    ...(record.stopDate ? { stopDate: epochSeconds(record.stopDate) } : {}),
  };
}

function executionArnOf(input: ApiInput): string {
  const arn = requiredString(input, 'executionArn');
  if (!parseExecutionArn(arn)) throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${arn}'`);
  return arn;
}

function requiredString(input: ApiInput, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new StepFunctionsError(
      'ValidationException',
      `1 validation error detected: '${field}' must not be null`,
    );
  }
  return value;
}

function optionalString<K extends string>(input: ApiInput, field: K): Partial<Record<K, string>> {
  const value = input[field];
  return typeof value === 'string' ? ({ [field]: value } as Record<K, string>) : {};
}
