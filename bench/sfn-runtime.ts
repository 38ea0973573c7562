/**
 * Executions per second of one small definition (Pass, Task, Choice, lambda:invoke) through the
 * Abate local runtime (DynamoDB checkpoints, history, in-process API) against the bare
 * aws-local-stepfunctions interpreter, in the same run: the price of durability and the API.
 * `npx tsx bench/sfn-runtime.ts` runs it alone; `npm run bench` runs it with the others.
 */
import { pathToFileURL } from 'node:url';
import { OffsetClock } from '../functions/commons/clock.ts';
import { startLocalDynamo } from '../infra/local/dynamodb.ts';
import { type LocalStateMachine, prepareDefinition } from '../infra/local/sfn/definitions.ts';
import { loadInterpreter } from '../infra/local/sfn/interpreter.ts';
import { createLocalStepFunctions } from '../infra/local/sfn/server.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface BenchRow {
  [column: string]: string | number;
}

export interface SfnRuntimeBenchResult {
  name: string;
  rows: BenchRow[];
  notes: string[];
  figures: Record<string, number>;
}

const FUNCTION_ARN = (id: string) => `arn:aws:lambda:eu-west-2:000000000000:function:${id}`;

/** A small run-to-completion definition: Pass → Task → Choice → Task or Pass (also counted by `counts.ts`). */
export const triageDefinition = {
  StartAt: 'Normalise',
  States: {
    Normalise: {
      Type: 'Pass',
      Parameters: { 'caseRef.$': '$.caseRef', 'level.$': '$.level' },
      Next: 'Classify',
    },
    Classify: {
      Type: 'Task',
      Resource: FUNCTION_ARN('Classify'),
      ResultPath: '$.classification',
      Next: 'Loud?',
    },
    'Loud?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.classification.band', StringEquals: 'loud', Next: 'Escalate' }],
      Default: 'Logged',
    },
    Escalate: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN('Escalate'), 'Payload.$': '$' },
      ResultSelector: { 'priority.$': '$.Payload.priority' },
      End: true,
    },
    Logged: { Type: 'Pass', Result: { logged: true }, End: true },
  },
};

export const functions: Record<string, (payload: unknown) => unknown> = {
  Classify: (payload) => ({ band: (payload as { level: number }).level > 50 ? 'loud' : 'quiet' }),
  Escalate: () => ({ priority: 'high' }),
};

export const inputFor = (index: number) => ({ caseRef: `NN-BENCH-${index}`, level: index % 100 });

/** Runs `count` executions, `concurrency` at a time, and returns executions per second. */
async function measure(count: number, concurrency: number, runOne: (index: number) => Promise<void>) {
  let next = 0;
  const startedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await runOne(next++);
    }),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  return { seconds, perSecond: count / seconds, cpuMsPerExecution: cpuMsSince(cpuBefore) / count };
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function benchBareInterpreter(count: number, concurrency: number) {
  const { StateMachine } = await loadInterpreter();
  const machine = new StateMachine(triageDefinition as never, { validationOptions: { checkArn: false } });
  const handlers = {
    Classify: async (input: unknown) => functions.Classify?.(input),
    Escalate: async (input: unknown) => ({
      ExecutedVersion: '$LATEST',
      Payload: functions.Escalate?.((input as { Payload: unknown }).Payload),
      StatusCode: 200,
    }),
  };
  return measure(count, concurrency, async (index) => {
    const execution = machine.run(inputFor(index), {
      overrides: { taskResourceLocalHandlers: handlers as never },
    });
    await execution.result;
  });
}

async function benchAbateRuntime(count: number, concurrency: number) {
  const dynamo = await startLocalDynamo();
  const machine: LocalStateMachine = prepareDefinition('abate-bench-triage', triageDefinition, {
    functionIds: Object.keys(functions),
  });
  const runtime = await createLocalStepFunctions({
    dynamo: dynamo.client,
    stateMachines: [machine],
    clock: new OffsetClock(0),
    logger: () => {},
    invokeFunction: async (functionId, payload) => functions[functionId]?.(payload),
  });
  try {
    const startedAt = performance.now();
    const cpuBefore = process.cpuUsage();
    // Clients start executions through the API; the engine runs them all concurrently.
    await measure(count, concurrency, async (index) => {
      await runtime.api('StartExecution', {
        stateMachineArn: machine.arn,
        name: `bench-${index}`,
        input: JSON.stringify(inputFor(index)),
      });
    });
    await runtime.idle();
    const seconds = (performance.now() - startedAt) / 1000;
    const cpuMsPerExecution = cpuMsSince(cpuBefore) / count;
    const listed = await runtime.api('ListExecutions', {
      stateMachineArn: machine.arn,
      statusFilter: 'SUCCEEDED',
      maxResults: 1000,
    });
    const succeeded = (listed.executions as unknown[]).length;
    if (succeeded < count) throw new Error(`only ${succeeded} of ${count} bench executions succeeded`);
    return { seconds, perSecond: count / seconds, cpuMsPerExecution };
  } finally {
    await runtime.close();
    await dynamo.close();
  }
}

type Figures = { seconds: number; perSecond: number; cpuMsPerExecution: number };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The run whose executions per second is the median of the rounds. */
const medianRun = (runs: Figures[]) =>
  [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)] as Figures;

export async function benchSfnRuntime(
  options: { executions?: number; concurrency?: number; rounds?: number } = {},
): Promise<SfnRuntimeBenchResult> {
  const executions = options.executions ?? 200;
  const concurrency = options.concurrency ?? 10;
  const rounds = options.rounds ?? 5;
  // Warm both paths (module loading, JIT, table creation) before measuring.
  await benchBareInterpreter(20, 20);
  await benchAbateRuntime(20, concurrency);
  // Alternating rounds, so a busy moment on the machine falls on both; the bare interpreter's
  // round lasts only tens of milliseconds, so one round alone is noisy.
  const bareRuns: Figures[] = [];
  const abateRuns: Figures[] = [];
  for (let round = 0; round < rounds; round++) {
    bareRuns.push(await benchBareInterpreter(executions, executions));
    abateRuns.push(await benchAbateRuntime(executions, concurrency));
  }
  const bare = medianRun(bareRuns);
  const abate = medianRun(abateRuns);
  const ratio = bare.perSecond / abate.perSecond;
  const roundRatios = bareRuns.map((run, round) => (abateRuns[round]?.perSecond ?? 0) / run.perSecond);
  const row = (runtime: string, figures: Figures, overhead: string): BenchRow => ({
    runtime,
    executions,
    seconds: Number(figures.seconds.toFixed(2)),
    'executions/s': Number(figures.perSecond.toFixed(1)),
    'CPU ms/execution': Number(figures.cpuMsPerExecution.toFixed(3)),
    'overhead ×': overhead,
  });
  return {
    name: 'sfn-runtime',
    figures: {
      bareExecutionsPerSecond: Number(bare.perSecond.toFixed(1)),
      runtimeExecutionsPerSecond: Number(abate.perSecond.toFixed(1)),
      runtimeOverBare: Number((abate.perSecond / bare.perSecond).toFixed(4)),
      runtimeOverBareMedianOfRounds: Number(median(roundRatios).toFixed(4)),
      bareCpuMsPerExecution: Number(bare.cpuMsPerExecution.toFixed(3)),
      runtimeCpuMsPerExecution: Number(abate.cpuMsPerExecution.toFixed(3)),
    },
    rows: [
      row('aws-local-stepfunctions (bare interpreter)', bare, '1.0'),
      row('Abate local runtime (DynamoDB checkpoints, in-process API)', abate, ratio.toFixed(1)),
    ],
    notes: [
      'Same definition: Pass → Task (Lambda ARN) → Choice → Task (lambda:invoke) or Pass; functions in process.',
      `Both run all executions at once; Abate receives them through StartExecution from ${concurrency} in-process clients and is done when idle().`,
      `Each row is the median of ${rounds} alternating rounds; runtime ÷ bare by round: ${roundRatios.map((value) => value.toFixed(3)).join(' / ')}.`,
      `Runtime ÷ bare interpreter: ${(abate.perSecond / bare.perSecond).toFixed(4)} of the executions per second; by CPU per execution, ${(bare.cpuMsPerExecution / abate.cpuMsPerExecution).toFixed(4)} (the steadier figure on a shared machine: executions per second also count time other processes took).`,
      'Abate writes each execution three times to dynalite in memory, one item each (its start, its history with the task results, its close), below the SDK, and serves it through its API. The writes are most of the overhead: about 70% of its CPU here, where dynalite has had only the warm-up to be compiled, and 60% after a few thousand executions.',
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchSfnRuntime();
  console.table(result.rows);
  for (const note of result.notes) console.log(note);
  process.exit(0);
}
