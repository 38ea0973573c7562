/**
 * The durable execution engine: runs executions on the aws-local-stepfunctions interpreter, with
 * every Task and Wait state handled here so that results are journaled in DynamoDB, deadlines run
 * in clock time, and a restarted process resumes executions by replaying their journal.
 *
 * Writes happen at checkpoints, where a run blocks or fails: before a callback's Lambda is called
 * (with its token), once it has been called, at a Wait, when a task attempt fails, and at the end.
 * Each writes the history since the last one as one item, synchronous task results inside it.
 * A crash between checkpoints replays from the last one: the synchronous tasks after it run again
 * (at least once, as a Lambda cut off by a crash does), a token already handed out stays the same.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../../functions/commons/clock.ts';
import { ensureTable, withRequestOrigin } from '../dynamodb.ts';
import { executionArn as buildExecutionArn, functionIdFromReference, LOCAL_REGION } from './arns.ts';
import type { LocalStateMachine, TaskIntegration, TaskPlan, WaitPlan } from './definitions.ts';
import { StepFunctionsError } from './errors.ts';
import {
  type HistoryEvent,
  historyEventFromInterpreter,
  type InterpreterEvent,
  taskFailedEvent,
  taskScheduledEvent,
  taskStartedEvent,
  taskSubmittedEvent,
  taskSucceededEvent,
  taskTimedOutEvent,
} from './history.ts';
import {
  EVENT_SINK_OPTION,
  type InterpreterModule,
  loadInterpreter,
  loadStatesTimeoutErrorClass,
  type StateMachine,
  sinkingStateMachine,
} from './interpreter.ts';
import { interpreterDefinition, type WrappedTaskInput, type WrappedWaitInput } from './prepare.ts';
import { type RetryTracker, recordFailedAttempt } from './retry-backoff.ts';
import {
  CheckpointStore,
  type EventJournal,
  type ExecutionRecord,
  type ExecutionStatus,
  type JournaledEvent,
  LOCAL_SFN_TABLE_NAME,
  localSfnTable,
  type StepRecord,
  type StoredExecution,
} from './store.ts';
import { lambdaError, type Outcome, runtimeError, taskTimedOut } from './task-outcomes.ts';
import { decodeToken, encodeToken, replaceToken, TOKEN_PLACEHOLDER } from './task-tokens.ts';

/** Invokes a Lambda handler by its registry id; a thrown error is the function's error. */
export type InvokeFunction = (functionId: string, payload: unknown) => Promise<unknown>;
export type StructuredLogger = (line: Record<string, unknown>) => void;

export interface EngineOptions {
  dynamo: DynamoDBClient;
  /** Checkpoint table (created if missing); default `abate-local-sfn`. */
  tableName?: string;
  stateMachines: LocalStateMachine[];
  invokeFunction: InvokeFunction;
  clock: Clock;
  logger?: StructuredLogger;
  /** Multiplies Retry backoff pauses (real time); 0 makes retries immediate. Default 1. */
  retryDelayScale?: number;
  /** Real-time interval at which due tokens and timers are checked against the clock. Default 250 ms. */
  tickMs?: number;
}

export const defaultLogger: StructuredLogger = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

const ROLE_ARN = 'arn:aws:iam::000000000000:role/abate-local-state-machine';
/** AWS: 1-80 characters; no whitespace, brackets, wildcards, control characters or "#%\^|~`$&,;:/. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what AWS refuses
const VALID_EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

interface Waiter {
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
  /** From now on the run is waiting on this, not working. */
  block(): void;
}

/** One execution being run by the interpreter in this process. */
interface ActiveRun {
  record: ExecutionRecord;
  machine: LocalStateMachine;
  /** The case the input names, for log lines. */
  caseRef: { caseRef?: string };
  abort(): void;
  occurrences: Map<string, number>;
  /** Events already in the durable history; a replay regenerates and skips them. */
  replaySkip: number;
  replaying: boolean;
  /** What the durable history and steps say about each step key (a recovered run's journal). */
  journal: Map<string, JournalEntry>;
  emitted: number;
  /** History events since the last checkpoint, with what they journal. */
  pendingEvents: JournaledEvent[];
  /** The checkpoints of this run, one after another. */
  checkpointing: Promise<void>;
  closed: boolean;
  inFlight: number;
  blocked: number;
  retries: Map<string, RetryTracker>;
  waiterKeys: Set<string>;
}

/** What a recovered run knows about one step key from the store. */
interface JournalEntry {
  step?: StepRecord;
  /** How a synchronous attempt ended, from its closing history event. */
  outcome?: Outcome;
  /** A callback's TaskSubmitted is in the history: its Lambda was called. */
  submitted?: boolean;
}

/** Events a long segment may hold in memory before they are written anyway. */
const MAX_PENDING_EVENTS = 100;

class EngineHaltedError extends Error {
  override name = 'EngineHalted';
}

class ExecutionClosedError extends Error {
  override name = 'ExecutionClosed';
}

export class StepFunctionsEngine {
  readonly machines = new Map<string, LocalStateMachine>();
  private readonly interpreters = new Map<string, StateMachine>();
  private readonly store: CheckpointStore;
  /** The store itself, for the synchronous due check (the proxy makes every method async after halt). */
  private readonly rawStore: CheckpointStore;
  private readonly runs = new Map<string, ActiveRun>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly logger: StructuredLogger;
  private readonly retryDelayScale: number;
  private timeoutErrorClass: (new () => Error) | undefined;
  /** The interpreter, loaded before the first execution runs (see `ready`). */
  private interpreter: InterpreterModule | undefined;
  /** Its StateMachine, handing events to the runtime as they happen. */
  private sinkingStateMachine: InterpreterModule['StateMachine'] | undefined;
  /** Each machine's top-level states (not inside a Map or Parallel). */
  private readonly topLevelStates = new WeakMap<LocalStateMachine, Set<string>>();
  private readonly noRetryIntervals = new WeakMap<LocalStateMachine, Record<string, number>>();
  private ticker: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;
  private halted = false;
  private recovering: Promise<string[]> | undefined;
  private readonly background = new Set<Promise<void>>();
  /** The last `isoNow()`: its millisecond and its text. */
  private isoMs = Number.NaN;
  private isoText = '';
  /** Bumped on every observable step; idle() waits until it stops moving. */
  private activity = 0;

  constructor(private readonly options: EngineOptions) {
    for (const machine of options.stateMachines) this.machines.set(machine.arn, machine);
    this.logger = options.logger ?? defaultLogger;
    this.retryDelayScale = options.retryDelayScale ?? 1;
    const store = new CheckpointStore(options.dynamo, options.tableName ?? LOCAL_SFN_TABLE_NAME);
    this.rawStore = store;
    // After halt() nothing may reach the store, as after a real crash.
    this.store = new Proxy(store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          this.halted ? Promise.reject(new EngineHaltedError('runtime halted')) : value.apply(target, args);
      },
    });
  }

  get clock(): Clock {
    return this.options.clock;
  }

  async start(): Promise<void> {
    await ensureTable(this.options.dynamo, this.options.tableName ?? LOCAL_SFN_TABLE_NAME, localSfnTable);
    await this.store.refreshEarliestDue();
    this.ticker = setInterval(() => this.track(this.sweep()), this.options.tickMs ?? 250);
    this.ticker.unref();
  }

  /** Loads the interpreter, once, before anything runs on it. */
  private async ready(): Promise<InterpreterModule> {
    if (!this.interpreter) {
      const loaded = await loadInterpreter();
      this.timeoutErrorClass = await loadStatesTimeoutErrorClass();
      this.sinkingStateMachine = sinkingStateMachine(loaded);
      this.interpreter = loaded;
    }
    return this.interpreter;
  }

  // ---------------------------------------------------------------- executions

  async startExecution(request: {
    stateMachineArn: string;
    name?: string;
    input?: string;
  }): Promise<{ executionArn: string; startDate: string }> {
    await this.ready();
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!VALID_EXECUTION_NAME.test(name)) {
      throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    }
    const input = request.input ?? '{}';
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new StepFunctionsError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: not JSON',
      );
    }
    const record: ExecutionRecord = {
      executionArn: buildExecutionArn(machine.name, name),
      stateMachineArn: machine.arn,
      name,
      input,
      status: 'RUNNING',
      startDate: this.clock.now().toISOString(),
      tokenSecret: randomHex(16),
    };
    if (!(await this.store.createExecution(record))) {
      // Same name and input while still running is the same request again (AWS idempotency).
      const existing = await this.store.getExecution(record.executionArn);
      if (existing && existing.status === 'RUNNING' && sameJson(existing.input, input)) {
        return { executionArn: existing.executionArn, startDate: existing.startDate };
      }
      throw new StepFunctionsError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${record.executionArn}'`,
      );
    }
    if (machine.timeoutSeconds !== undefined) {
      const dueAt = new Date(Date.parse(record.startDate) + machine.timeoutSeconds * 1000).toISOString();
      await this.store.createStep({
        executionArn: record.executionArn,
        stepKey: 'DEADLINE',
        stateName: '',
        kind: 'deadline',
        status: 'WAITING',
        timeoutAt: dueAt,
        dueAt,
      });
    }
    this.launch(record, machine, undefined, parsedInput);
    return { executionArn: record.executionArn, startDate: record.startDate };
  }

  async describeExecution(executionArn: string): Promise<ExecutionRecord> {
    const record = await this.store.getExecution(executionArn);
    if (!record)
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  async listExecutions(request: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ executions: ExecutionRecord[]; nextToken?: string }> {
    this.machine(request.stateMachineArn);
    return this.store.listExecutions(request.stateMachineArn, request);
  }

  async history(
    executionArn: string,
    options: { reverseOrder?: boolean; maxResults?: number; nextToken?: string },
  ): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
    await this.describeExecution(executionArn);
    const page = await this.store.events(executionArn, options);
    const events = page.events.map((record) => record.event as HistoryEvent);
    // Events of a running execution not yet checkpointed are shown too, as AWS shows them at once.
    const run = this.runs.get(executionArn);
    const unwritten = (run?.pendingEvents ?? []).map((pending) => pending.event as HistoryEvent);
    if (unwritten.length > 0 && !options.reverseOrder && !page.nextToken) events.push(...unwritten);
    if (unwritten.length > 0 && options.reverseOrder && !options.nextToken)
      events.unshift(...unwritten.reverse());
    return { events, ...pick(page, 'nextToken') };
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<{ stopDate: string }> {
    const record = await this.describeExecution(executionArn);
    if (record.status !== 'RUNNING') return { stopDate: record.stopDate ?? this.clock.now().toISOString() };
    const stopDate = this.clock.now().toISOString();
    const closed = await this.closeRun(
      executionArn,
      { status: 'ABORTED', stopDate, error, cause },
      {
        type: 'ExecutionAborted',
        executionAbortedEventDetails: { ...(error ? { error } : {}), ...(cause ? { cause } : {}) },
      },
    );
    if (!closed) {
      const latest = await this.describeExecution(executionArn);
      return { stopDate: latest.stopDate ?? stopDate };
    }
    return { stopDate };
  }

  // ---------------------------------------------------------------- task tokens

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    try {
      JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: not JSON');
    }
    await this.completeToken(token, { status: 'SUCCEEDED', output });
  }

  async sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    await this.completeToken(token, { status: 'FAILED', error: error ?? '', cause: cause ?? '' });
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    const step = await this.stepForToken(token);
    if (!step.heartbeatSeconds) return;
    const heartbeatAt = new Date(this.clock.now().getTime() + step.heartbeatSeconds * 1000).toISOString();
    const updated = { ...step, heartbeatAt, dueAt: earliest(step.timeoutAt, heartbeatAt) };
    if (!(await this.store.replaceStep(updated, 'WAITING'))) throw taskTimedOut();
    this.activity++;
  }

  private async stepForToken(token: string): Promise<StepRecord> {
    const address = decodeToken(token);
    if (!address) throw new StepFunctionsError('InvalidToken', 'Invalid Token');
    const step = await this.store.getStep(address.executionArn, address.stepKey);
    if (!step || step.token !== token) {
      throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist: the token matches no task');
    }
    if (step.status !== 'WAITING') throw taskTimedOut();
    // A branch may still wait after its execution failed elsewhere; AWS refuses such tokens.
    const execution = await this.store.getExecution(step.executionArn);
    if (execution?.status !== 'RUNNING') throw taskTimedOut();
    return step;
  }

  private async completeToken(token: string, outcome: Outcome): Promise<void> {
    const address = decodeToken(token);
    if (!address) throw new StepFunctionsError('InvalidToken', 'Invalid Token');
    // An execution this process is running is RUNNING: no need to read it or the step first.
    const run = this.runs.get(address.executionArn);
    if (!run || run.closed) await this.stepForToken(token);
    if (!(await this.store.completeStep(address.executionArn, address.stepKey, token, outcome))) {
      await this.stepForToken(token); // says which: no such task, or no longer waiting
      throw taskTimedOut();
    }
    this.wake(address.executionArn, address.stepKey, outcome);
  }

  // ---------------------------------------------------------------- time

  /** Fires every token deadline and Wait timer that is due by the clock; returns how many fired. */
  sweep(): Promise<number> {
    if (this.halted) return Promise.resolve(0);
    if (!this.sweeping) {
      this.sweeping = withRequestOrigin('sfn:timers', () => this.fireDue()).finally(() => {
        this.sweeping = undefined;
      });
    }
    return this.sweeping;
  }

  private async fireDue(): Promise<number> {
    const now = this.clock.now();
    if (!this.rawStore.mayHaveDue(now)) return 0;
    const due = await this.store.dueSteps(now);
    let fired = 0;
    for (const step of due) {
      if (await this.fire(step, now)) fired++;
    }
    await this.store.refreshEarliestDue();
    if (fired) this.activity++;
    return fired;
  }

  private async fire(step: StepRecord, now: Date): Promise<boolean> {
    const nowIso = now.toISOString();
    if (step.kind === 'deadline') {
      if (!(await this.store.replaceStep({ ...withoutDeadlines(step), status: 'CLOSED' }, 'WAITING')))
        return false;
      await this.closeRun(
        step.executionArn,
        { status: 'TIMED_OUT', stopDate: nowIso, error: 'States.Timeout', cause: 'Execution timed out' },
        { type: 'ExecutionTimedOut', executionTimedOutEventDetails: { error: 'States.Timeout' } },
      );
      return true;
    }
    if (step.kind === 'wait') {
      const done = { ...withoutDeadlines(step), status: 'SUCCEEDED' as const };
      if (!(await this.store.replaceStep(done, 'WAITING'))) return false;
      this.wake(step.executionArn, step.stepKey, { status: 'SUCCEEDED' });
      return true;
    }
    const heartbeatMissed = step.heartbeatAt !== undefined && step.heartbeatAt <= nowIso;
    const timedOut = step.timeoutAt !== undefined && step.timeoutAt <= nowIso;
    if (!heartbeatMissed && !timedOut) return false;
    const outcome: Outcome = {
      status: 'TIMED_OUT',
      error: timedOut ? 'States.Timeout' : 'States.HeartbeatTimeout',
      cause: timedOut
        ? 'The task did not complete within its TimeoutSeconds'
        : 'No heartbeat within HeartbeatSeconds',
    };
    if (!(await this.store.replaceStep({ ...withoutDeadlines(step), ...outcome }, ['WAITING', 'STARTED'])))
      return false;
    this.wake(step.executionArn, step.stepKey, outcome);
    return true;
  }

  /** Moves the clock forward, fires what became due, and resolves once nothing is runnable. */
  async advanceClock(ms: number): Promise<void> {
    const clock = this.clock as Clock & { advance?: (ms: number) => unknown };
    if (typeof clock.advance !== 'function') throw new Error('this runtime clock cannot be advanced');
    clock.advance(ms);
    await this.idle();
  }

  /**
   * Resolves when every execution has finished or waits on a token or timer that is not yet
   * due: what "the engine is idle" means for tests and `/_local/clock/advance`.
   */
  idle(options: { timeoutMs?: number } = {}): Promise<void> {
    return withRequestOrigin('sfn:timers', () => this.untilIdle(options));
  }

  private async untilIdle(options: { timeoutMs?: number }): Promise<void> {
    // Real time: a Lambda that never returns must not hang `/_local/clock/advance` forever.
    const giveUpAt = Date.now() + (options.timeoutMs ?? 120_000);
    for (;;) {
      await this.sweep();
      await this.quiescent(giveUpAt);
      const now = this.clock.now();
      // Nothing can be due: known without waiting, so the runtime is as quiet as just seen.
      if (!this.rawStore.mayHaveDue(now)) return;
      if ((await this.store.dueSteps(now)).length === 0) {
        await this.quiescent(giveUpAt);
        return;
      }
    }
  }

  private async quiescent(giveUpAt: number): Promise<void> {
    let stableChecks = 0;
    let lastActivity = -1;
    while (stableChecks < 3) {
      if (Date.now() > giveUpAt) {
        const busy = [...this.runs.values()].filter(
          (run) => run.inFlight === 0 || run.inFlight !== run.blocked,
        );
        throw new Error(
          `the runtime is still busy with ${busy.map((run) => run.record.executionArn).join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
      const quiet = [...this.runs.values()].every((run) => run.inFlight > 0 && run.inFlight === run.blocked);
      if (quiet && this.activity === lastActivity) stableChecks++;
      else stableChecks = 0;
      lastActivity = this.activity;
      if (!quiet) await Promise.all([...this.runs.values()].map((run) => historyWritten(run)));
    }
  }

  // ---------------------------------------------------------------- recovery and shutdown

  /** Resumes every execution the store says is RUNNING but this process is not running. */
  recover(): Promise<string[]> {
    // One recovery at a time, so two callers cannot resume the same execution twice.
    const recovery = (this.recovering ?? Promise.resolve([])).then(() =>
      withRequestOrigin('sfn:recovery', () => this.resumeRunning()),
    );
    this.recovering = recovery.catch(() => []);
    return recovery;
  }

  private async resumeRunning(): Promise<string[]> {
    const resumed: string[] = [];
    const running = await this.store.runningExecutions();
    if (running.length > 0) await this.ready();
    for (const listed of running) {
      if (this.runs.has(listed.executionArn)) continue;
      // Only the item itself says an execution runs: the index answer is a copy, and an entry
      // that outlived its item (as unpatched dynalite left after a kill mid-start) must not bring
      // back an execution whose start never completed; its starter retries that start.
      const stored = await this.store.readExecution(listed.executionArn);
      const record = stored?.record;
      if (!stored || record?.status !== 'RUNNING') continue;
      const machine = this.machines.get(record.stateMachineArn);
      if (!machine) {
        this.logger({
          level: 'ERROR',
          message: 'cannot resume execution: its state machine is no longer defined',
          executionArn: record.executionArn,
        });
        continue;
      }
      const { replaySkip, journal, stale } = journalOf(stored);
      // Events past a gap were cut off mid-checkpoint; the replay writes them again.
      if (stale.length > 0) await this.store.deleteHistory(record.executionArn, stale);
      this.launch(record, machine, { replaySkip, journal });
      resumed.push(record.executionArn);
    }
    return resumed;
  }

  /**
   * Stops ticking and lets in-memory runs go, leaving them RUNNING in the store for `recover()`;
   * waits for store writes already under way so the DynamoDB client can be closed after it.
   */
  async close(): Promise<void> {
    const inFlight = [...this.background, ...[...this.runs.values()].map((run) => historyWritten(run))];
    this.halt();
    await Promise.allSettled(inFlight);
  }

  private track(work: Promise<unknown>): void {
    const settled = work.then(
      () => {},
      (error: unknown) => this.reportBackgroundError(error, ''),
    );
    this.background.add(settled);
    void settled.finally(() => this.background.delete(settled));
  }

  /** Drops everything in memory at once, writing nothing more: what a crash does. */
  halt(): void {
    this.halted = true;
    if (this.ticker) clearInterval(this.ticker);
    for (const run of this.runs.values()) {
      run.closed = true;
      run.abort();
    }
    for (const waiter of this.waiters.values()) waiter.reject(new EngineHaltedError('runtime halted'));
    this.waiters.clear();
    this.runs.clear();
  }

  // ---------------------------------------------------------------- running

  private machine(stateMachineArn: string): LocalStateMachine {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) {
      if (!/^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:[^:]+$/.test(stateMachineArn)) {
        throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
      }
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    return machine;
  }

  private launch(
    record: ExecutionRecord,
    machine: LocalStateMachine,
    recovered?: { replaySkip: number; journal: Map<string, JournalEntry> },
    /** The input already parsed (a fresh start has just checked it is JSON). */
    parsedInput: unknown = JSON.parse(record.input),
  ): void {
    const interpreter = this.interpreterFor(machine);
    const run: ActiveRun = {
      record,
      machine,
      caseRef: caseRefOf(parsedInput),
      abort: () => {},
      occurrences: new Map(),
      replaySkip: recovered?.replaySkip ?? 0,
      replaying: recovered !== undefined,
      journal: recovered?.journal ?? new Map(),
      emitted: 0,
      pendingEvents: [],
      checkpointing: Promise.resolve(),
      closed: false,
      inFlight: 0,
      blocked: 0,
      retries: new Map(),
      waiterKeys: new Set(),
    };
    this.runs.set(record.executionArn, run);
    this.activity++;
    const handlers: Record<string, (input: unknown) => Promise<never>> = {};
    for (const stateName of machine.tasks.keys())
      handlers[stateName] = (input) => this.handleTask(run, stateName, input);
    for (const stateName of machine.waits.keys())
      handlers[stateName] = (input) => this.handleWait(run, stateName, input);
    const execution = withRequestOrigin('sfn:execution', () => {
      const started = interpreter.run(parsedInput as never, {
        // Every event as the interpreter takes it (see sinkingStateMachine).
        ...{
          [EVENT_SINK_OPTION]: (event: unknown) => this.onInterpreterEvent(run, event as InterpreterEvent),
        },
        overrides: {
          taskResourceLocalHandlers: handlers as never,
          retryIntervalOverrides: this.retryIntervalOverrides(machine),
        },
        context: {
          Execution: {
            Id: record.executionArn,
            Name: record.name,
            RoleArn: ROLE_ARN,
            StartTime: record.startDate,
          },
          StateMachine: { Id: machine.arn, Name: machine.name },
          Task: { Token: TOKEN_PLACEHOLDER },
        },
      });
      this.track(this.finish(run, started.result));
      return started;
    });
    run.abort = execution.abort;
  }

  /** Task backoff is paused by the handler (scaled, skipped on replay), not by the interpreter. */
  private retryIntervalOverrides(machine: LocalStateMachine): Record<string, number> {
    let overrides = this.noRetryIntervals.get(machine);
    if (!overrides) {
      overrides = {};
      for (const [stateName, type] of machine.stateTypes) if (type === 'Task') overrides[stateName] = 0;
      this.noRetryIntervals.set(machine, overrides);
    }
    return overrides;
  }

  private topLevel(machine: LocalStateMachine): Set<string> {
    let states = this.topLevelStates.get(machine);
    if (!states) {
      states = new Set(Object.keys((machine.definition.States ?? {}) as object));
      this.topLevelStates.set(machine, states);
    }
    return states;
  }

  private interpreterFor(machine: LocalStateMachine): StateMachine {
    let interpreter = this.interpreters.get(machine.arn);
    if (!interpreter) {
      if (!this.sinkingStateMachine) throw new Error('the interpreter is not loaded yet');
      interpreter = new this.sinkingStateMachine(interpreterDefinition(machine) as never, {
        validationOptions: { noValidate: true },
      });
      this.interpreters.set(machine.arn, interpreter);
    }
    return interpreter;
  }

  /** One interpreter event, as the interpreter takes it: into the history (when AWS has it). */
  private onInterpreterEvent(run: ActiveRun, event: InterpreterEvent): void {
    try {
      this.activity++;
      if (event.type === 'StateEntered' && event.state) {
        const plan = run.machine.tasks.get(event.state.name);
        if (plan) run.retries.set(event.state.name, { attempts: plan.retry.map(() => 0), pendingDelayMs: 0 });
      }
      if (event.type === 'ExecutionAborted' || event.type === 'ExecutionTimeout') return;
      const mapped = historyEventFromInterpreter(
        event,
        (stateName) => run.machine.stateTypes.get(stateName) ?? 'Task',
        ROLE_ARN,
      );
      if (mapped) this.emit(run, mapped, event.state);
    } catch (error) {
      // Never into the interpreter, which would take it for the state's own failure.
      this.reportBackgroundError(error, run.record.executionArn);
    }
  }

  private async finish(run: ActiveRun, result: Promise<unknown>): Promise<void> {
    let closing: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>;
    try {
      const output = await result;
      closing = { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) };
    } catch (error) {
      const executionError = this.interpreter?.ExecutionError;
      const cause =
        executionError && error instanceof executionError ? (error.cause as Error | undefined) : undefined;
      closing = {
        status: 'FAILED',
        error: cause?.name ?? 'States.Runtime',
        cause: cause?.message ?? String(error),
      };
    }
    if (run.closed) return;
    try {
      // The last checkpoint: the rest of the history, and the execution deadline (if any) closed.
      const deadline: StepRecord[] =
        run.machine.timeoutSeconds === undefined
          ? []
          : [
              {
                executionArn: run.record.executionArn,
                stepKey: 'DEADLINE',
                stateName: '',
                kind: 'deadline',
                status: 'CLOSED',
              },
            ];
      await this.checkpoint(run, deadline);
      const stopDate = this.clock.now().toISOString();
      if (await this.store.closeExecution(run.record.executionArn, { ...closing, stopDate })) {
        this.logExecution(run, closing.status, closing.error);
      }
    } catch (error) {
      this.reportBackgroundError(error, run.record.executionArn);
    } finally {
      run.closed = true;
      if (this.runs.get(run.record.executionArn) === run) this.runs.delete(run.record.executionArn);
      this.activity++;
    }
  }

  /** Closes a running execution from outside (stop, execution timeout); false if already closed. */
  private async closeRun(
    executionArn: string,
    closing: Pick<ExecutionRecord, 'status' | 'stopDate' | 'error' | 'cause'>,
    finalEvent: HistoryEvent,
  ): Promise<boolean> {
    if (!(await this.store.closeExecution(executionArn, closing))) return false;
    const run = this.runs.get(executionArn);
    if (run) {
      run.closed = true;
      run.abort();
      for (const key of run.waiterKeys)
        this.waiters.get(key)?.reject(new ExecutionClosedError('execution closed'));
      await this.checkpoint(run);
      const id = (await this.store.lastEventId(executionArn)) + 1;
      await this.store.appendEvent(executionArn, id, this.eventEnvelope(id, finalEvent));
      this.runs.delete(executionArn);
      this.logExecution(run, closing.status, closing.error);
    } else {
      const id = (await this.store.lastEventId(executionArn)) + 1;
      await this.store.appendEvent(executionArn, id, this.eventEnvelope(id, finalEvent));
    }
    for (const step of await this.store.openSteps(executionArn)) {
      await this.store.replaceStep({ ...withoutDeadlines(step), status: 'CLOSED' }, ['WAITING', 'STARTED']);
    }
    this.activity++;
    return true;
  }

  // ---------------------------------------------------------------- history and logging

  private emit(
    run: ActiveRun,
    event: HistoryEvent,
    state?: { name: string; type: string },
    journal: EventJournal = {},
  ): void {
    if (run.closed) return;
    run.emitted++;
    const id = run.emitted;
    if (id <= run.replaySkip) return;
    const envelope = this.eventEnvelope(id, event);
    run.pendingEvents.push({ id, event: envelope, ...journal });
    // A long segment (a big Map, say) is written in parts rather than held in memory.
    if (run.pendingEvents.length >= MAX_PENDING_EVENTS)
      this.checkpoint(run).catch((error: unknown) =>
        this.reportBackgroundError(error, run.record.executionArn),
      );
    if (event.type.endsWith('StateEntered') && state) {
      this.logger({
        level: 'INFO',
        message: 'state entered',
        timestamp: envelope.timestamp,
        execution: run.record.name,
        stateMachine: run.machine.name,
        state: state.name,
        type: run.machine.stateTypes.get(state.name) ?? state.type,
        ...run.caseRef,
      });
    } else if (event.type === 'ExecutionStarted') {
      this.logExecution(run, 'RUNNING');
    }
  }

  /**
   * Writes the history emitted so far and the given steps in one request, after any checkpoint
   * already under way (so history is written in id order). Events a failed write did not save go
   * back into the queue for the next checkpoint; the caller sees the error.
   */
  private checkpoint(run: ActiveRun, steps: StepRecord[] = []): Promise<void> {
    const written = run.checkpointing.then(async () => {
      const events = run.pendingEvents.splice(0);
      if (events.length === 0 && steps.length === 0) return;
      try {
        await this.store.writeCheckpoint(run.record.executionArn, { events, steps });
      } catch (error) {
        run.pendingEvents.unshift(...events);
        throw error;
      }
    });
    run.checkpointing = written.catch(() => {});
    return written;
  }

  /** Work nobody awaits (history writes, closing an execution) reports failures instead of throwing. */
  private reportBackgroundError(error: unknown, executionArn: string): void {
    if (this.halted || error instanceof EngineHaltedError) return;
    this.logger({
      level: 'ERROR',
      message: 'local Step Functions background work failed',
      executionArn,
      error: String(error),
    });
  }

  private eventEnvelope(
    id: number,
    event: HistoryEvent,
  ): HistoryEvent & { id: number; previousEventId: number } {
    return { timestamp: this.isoNow(), ...event, id, previousEventId: id - 1 };
  }

  /** The clock's now as ISO text, formatted once per millisecond (events come many to the ms). */
  private isoNow(): string {
    const ms = this.clock.now().getTime();
    if (ms !== this.isoMs) {
      this.isoMs = ms;
      this.isoText = new Date(ms).toISOString();
    }
    return this.isoText;
  }

  private logExecution(run: ActiveRun, status: string, error?: string): void {
    this.logger({
      level: status === 'FAILED' || status === 'TIMED_OUT' ? 'WARN' : 'INFO',
      message: status === 'RUNNING' ? 'execution started' : 'execution closed',
      timestamp: this.clock.now().toISOString(),
      execution: run.record.name,
      stateMachine: run.machine.name,
      status,
      ...(error ? { error } : {}),
      ...run.caseRef,
    });
  }

  // ---------------------------------------------------------------- task and wait handlers

  private async handleTask(run: ActiveRun, stateName: string, raw: unknown): Promise<never> {
    const plan = run.machine.tasks.get(stateName);
    if (!plan) throw new Error(`no plan for task ${stateName}`);
    if (run.closed || this.halted) throw new ExecutionClosedError('execution closed');
    run.inFlight++;
    try {
      // Events of Map iterations and Parallel branches reach the run's logger asynchronously:
      // let them catch up so this task's events follow its StateEntered.
      if (!this.topLevel(run.machine).has(stateName)) await nextMacrotask();
      const stepKey = this.nextStepKey(run, stateName);
      const wrapped = raw as WrappedTaskInput;
      const journaled = run.journal.get(stepKey);
      await this.pauseForRetry(run, stateName, journaled !== undefined);
      try {
        const result =
          plan.integration.kind !== 'lambda' && plan.integration.waitForTaskToken
            ? await this.runCallbackTask(run, plan, stepKey, wrapped, journaled?.step, journaled?.submitted)
            : await this.runSyncTask(run, plan, stepKey, wrapped, journaled);
        return result as never;
      } catch (error) {
        this.trackRetry(run, plan, error as Error);
        // A failed attempt is a checkpoint: a crash during the Retry pause does not run it again.
        if (!(error instanceof EngineHaltedError || error instanceof ExecutionClosedError) && !run.closed)
          await this.checkpoint(run);
        throw error;
      }
    } finally {
      run.inFlight--;
      this.activity++;
    }
  }

  private async runSyncTask(
    run: ActiveRun,
    plan: TaskPlan,
    stepKey: string,
    wrapped: WrappedTaskInput,
    journaled: JournalEntry | undefined,
  ): Promise<unknown> {
    const { integration } = plan;
    const timeoutSeconds = this.seconds(plan.timeoutSeconds, wrapped.timeoutSeconds, 'TimeoutSecondsPath');
    this.emit(run, taskScheduledEvent(integration, wrapped.parameters, LOCAL_REGION, { timeoutSeconds }));
    this.emit(run, taskStartedEvent(integration));
    // The journal: a timed attempt's own step item, else the attempt's closing history event.
    const journaledStep = journaled?.step;
    if (journaledStep && journaledStep.status !== 'STARTED')
      return this.settle(run, integration, journaledStep as Outcome, stepKey);
    if (!journaledStep && journaled?.outcome)
      return this.settle(run, integration, journaled.outcome, stepKey);
    const base: StepRecord = {
      executionArn: run.record.executionArn,
      stepKey,
      stateName: plan.stateName,
      kind: 'task',
      status: 'STARTED',
    };
    let deadline: Promise<Outcome> | undefined;
    if (timeoutSeconds !== undefined) {
      // A clock-time deadline must outlive the process: checkpoint it before the call. A journaled
      // STARTED step keeps its original deadline across a restart.
      const timeoutAt = journaledStep?.timeoutAt ?? this.after(timeoutSeconds);
      deadline = this.waitFor(run, stepKey, false);
      if (!journaledStep) await this.checkpoint(run, [{ ...base, timeoutAt, dueAt: timeoutAt }]);
    }
    let outcome: Outcome;
    // The output as the function returned it (a copy only the interpreter will get), with its text.
    let returned: { outcome: Outcome; output: unknown } | undefined;
    try {
      const invocation = this.invokeIntegration(run, integration, wrapped.parameters).then(
        (output): Outcome => {
          returned = { outcome: { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }, output };
          return returned.outcome;
        },
        (error: unknown): Outcome => {
          if (error instanceof EngineHaltedError || error instanceof ExecutionClosedError) throw error;
          return { status: 'FAILED', ...lambdaError(error) };
        },
      );
      outcome = deadline ? await Promise.race([invocation, deadline]) : await invocation;
    } finally {
      if (deadline) this.forgetWaiter(run, stepKey);
    }
    if (deadline && outcome.status !== 'TIMED_OUT') {
      // The deadline may fire at the same moment: the first write wins.
      if (!(await this.store.replaceStep({ ...base, ...outcome }, 'STARTED'))) {
        const latest = await this.store.getStep(run.record.executionArn, stepKey);
        if (latest) outcome = latest as Outcome;
      }
    }
    const parsed = returned?.outcome === outcome ? returned : undefined;
    return this.settle(run, integration, outcome, stepKey, parsed && { output: parsed.output ?? null });
  }

  private async runCallbackTask(
    run: ActiveRun,
    plan: TaskPlan,
    stepKey: string,
    wrapped: WrappedTaskInput,
    journaled: StepRecord | undefined,
    submitted: boolean | undefined,
  ): Promise<unknown> {
    const { integration } = plan;
    const timeoutSeconds = this.seconds(plan.timeoutSeconds, wrapped.timeoutSeconds, 'TimeoutSecondsPath');
    const heartbeatSeconds = this.seconds(
      plan.heartbeatSeconds,
      wrapped.heartbeatSeconds,
      'HeartbeatSecondsPath',
    );
    const step: StepRecord = journaled ?? {
      executionArn: run.record.executionArn,
      stepKey,
      stateName: plan.stateName,
      kind: 'callback',
      status: 'WAITING',
      token: encodeToken(run.record, stepKey),
      ...this.callbackDeadlines(timeoutSeconds, heartbeatSeconds),
    };
    const parameters = replaceToken(wrapped.parameters, step.token ?? '');
    this.emit(
      run,
      taskScheduledEvent(integration, parameters, LOCAL_REGION, { timeoutSeconds, heartbeatSeconds }),
    );
    this.emit(run, taskStartedEvent(integration));
    if (step.status !== 'WAITING') {
      // Replaying a finished callback: same events as when it ran live, then its journaled outcome.
      if (!step.invokeFailed) this.emit(run, taskSubmittedEvent(integration, null));
      return this.settle(run, integration, step as Outcome);
    }
    // Registered before the token can be used: the Lambda may send it back before returning.
    const completion = this.waitFor(run, stepKey, false);
    try {
      // The token's step is written before anyone is given the token.
      if (!journaled) await this.checkpoint(run, [step]);
      if (!(submitted || step.invoked)) {
        try {
          const output = await this.invokeIntegration(run, integration, parameters);
          // TaskSubmitted in the history is the record that the Lambda was called.
          this.emit(run, taskSubmittedEvent(integration, output), undefined, {
            step: stepKey,
            submitted: true,
          });
        } catch (error) {
          if (error instanceof EngineHaltedError || error instanceof ExecutionClosedError) throw error;
          const failure: Outcome = { status: 'FAILED', ...lambdaError(error) };
          const failed: StepRecord = { ...withoutDeadlines(step), ...failure, invokeFailed: true };
          if (await this.store.replaceStep(failed, 'WAITING')) return this.settle(run, integration, failure);
        }
      } else {
        this.emit(run, taskSubmittedEvent(integration, null));
      }
      // Waiting is a checkpoint: the history so far, TaskSubmitted included, is written first.
      await this.checkpoint(run);
      if (journaled) {
        // Completed (or timed out) between the recovery's read and the waiter above?
        const latest = await this.store.getStep(run.record.executionArn, stepKey);
        if (latest && latest.status !== 'WAITING') return this.settle(run, integration, latest as Outcome);
      }
      this.block(run, stepKey);
      return this.settle(run, integration, await completion);
    } finally {
      this.forgetWaiter(run, stepKey);
    }
  }

  private callbackDeadlines(timeoutSeconds: number | undefined, heartbeatSeconds: number | undefined) {
    const timeoutAt = timeoutSeconds !== undefined ? this.after(timeoutSeconds) : undefined;
    const heartbeatAt = heartbeatSeconds !== undefined ? this.after(heartbeatSeconds) : undefined;
    return {
      ...(timeoutAt ? { timeoutAt } : {}),
      ...(heartbeatAt ? { heartbeatAt, heartbeatSeconds } : {}),
      ...(timeoutAt || heartbeatAt ? { dueAt: earliest(timeoutAt, heartbeatAt) } : {}),
    };
  }

  private async handleWait(run: ActiveRun, stateName: string, raw: unknown): Promise<never> {
    const plan = run.machine.waits.get(stateName) as WaitPlan;
    const wrapped = raw as WrappedWaitInput;
    if (run.closed || this.halted) throw new ExecutionClosedError('execution closed');
    run.inFlight++;
    try {
      if (!this.topLevel(run.machine).has(stateName)) await nextMacrotask();
      const stepKey = this.nextStepKey(run, stateName);
      const journaled = run.journal.get(stepKey)?.step;
      let step = journaled;
      if (!step) {
        const dueAt = this.waitDueAt(plan, wrapped);
        // A wait already over is no blocking point: nothing to write, the run carries on.
        if (dueAt <= this.clock.now().toISOString()) return wrapped.input as never;
        step = {
          executionArn: run.record.executionArn,
          stepKey,
          stateName,
          kind: 'wait',
          status: 'WAITING',
          dueAt,
          timeoutAt: dueAt,
        };
      }
      if (step.status === 'WAITING') {
        const fired = this.waitFor(run, stepKey, false);
        try {
          await this.checkpoint(run, journaled ? [] : [step]);
          // Fired between the recovery's read and the waiter above?
          const latest = journaled ? await this.store.getStep(run.record.executionArn, stepKey) : step;
          if (latest?.status === 'WAITING') {
            this.block(run, stepKey);
            await fired;
          }
        } finally {
          this.forgetWaiter(run, stepKey);
        }
      }
      return wrapped.input as never;
    } finally {
      run.inFlight--;
      this.activity++;
    }
  }

  private waitDueAt(plan: WaitPlan, wrapped: WrappedWaitInput): string {
    const now = this.clock.now().getTime();
    const seconds = plan.seconds ?? (plan.secondsPath !== undefined ? Number(wrapped.seconds) : undefined);
    if (seconds !== undefined) {
      if (!Number.isFinite(seconds) || seconds < 0)
        throw runtimeError('States.Runtime', 'Wait seconds invalid');
      return new Date(now + seconds * 1000).toISOString();
    }
    const timestamp =
      plan.timestamp ?? (typeof wrapped.timestamp === 'string' ? wrapped.timestamp : undefined);
    const at = timestamp ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) throw runtimeError('States.Runtime', 'Wait timestamp invalid');
    return new Date(at).toISOString();
  }

  private async invokeIntegration(
    run: ActiveRun,
    integration: TaskIntegration,
    parameters: unknown,
  ): Promise<unknown> {
    if (this.halted) throw new EngineHaltedError('runtime halted');
    switch (integration.kind) {
      case 'lambda':
        return jsonClone(await this.options.invokeFunction(integration.functionId, parameters));
      case 'lambdaInvoke': {
        const { FunctionName, Payload } = (parameters ?? {}) as { FunctionName?: string; Payload?: unknown };
        const functionId = functionIdFromReference(String(FunctionName));
        const payload = jsonClone(await this.options.invokeFunction(functionId, Payload ?? {}));
        return {
          ExecutedVersion: '$LATEST',
          Payload: payload,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: { RequestId: randomUUID() },
          StatusCode: 200,
        };
      }
      case 'startExecution': {
        const { StateMachineArn, Input, Name } = (parameters ?? {}) as Record<string, unknown>;
        const request = {
          stateMachineArn: String(StateMachineArn),
          ...(typeof Name === 'string' ? { name: Name } : {}),
          input: typeof Input === 'string' ? Input : JSON.stringify(Input ?? {}),
        };
        const started = await this.startExecution(request).catch(async (error: unknown) => {
          if (!(error instanceof StepFunctionsError)) throw error;
          // A replay may repeat a start whose result the crash kept from the journal: same child, same answer.
          if (run.replaying && error.code === 'ExecutionAlreadyExists' && request.name) {
            const machine = this.machine(request.stateMachineArn);
            const existing = await this.store.getExecution(buildExecutionArn(machine.name, request.name));
            if (existing && sameJson(existing.input, request.input)) return existing;
          }
          throw runtimeError(`StepFunctions.${error.code}Exception`, error.message);
        });
        return { ExecutionArn: started.executionArn, StartDate: started.startDate };
      }
    }
  }

  /**
   * Emits the closing task event and returns the output or throws the error the interpreter
   * matches. Given the step key of a synchronous attempt, the event journals its outcome.
   */
  private settle(
    run: ActiveRun,
    integration: TaskIntegration,
    outcome: Outcome,
    journalAs?: string,
    /** A success's output already parsed from its text (spares parsing it again). */
    parsed?: { output: unknown },
  ): unknown {
    const { status, output: text, error: failure, cause: reason } = outcome;
    const journal: EventJournal = journalAs
      ? {
          step: journalAs,
          outcome: { status, ...pickDefined({ output: text, error: failure, cause: reason }) },
        }
      : {};
    if (status === 'SUCCEEDED') {
      const output = parsed ? parsed.output : JSON.parse(text ?? 'null');
      this.emit(run, taskSucceededEvent(integration, output, text), undefined, journal);
      return output;
    }
    const error = failure ?? '';
    const cause = reason ?? '';
    if (status === 'TIMED_OUT') {
      this.emit(run, taskTimedOutEvent(integration, error, cause), undefined, journal);
      if (error === 'States.Timeout') throw this.statesTimeout();
      throw runtimeError(error, cause);
    }
    this.emit(run, taskFailedEvent(integration, error, cause), undefined, journal);
    throw runtimeError(error, cause);
  }

  private statesTimeout(): Error {
    if (!this.timeoutErrorClass) throw new Error('engine not started');
    return new this.timeoutErrorClass();
  }

  // ---------------------------------------------------------------- retry backoff

  private trackRetry(run: ActiveRun, plan: TaskPlan, error: Error): void {
    const tracker = run.retries.get(plan.stateName);
    if (!tracker) return;
    const isTimeout = this.timeoutErrorClass !== undefined && error instanceof this.timeoutErrorClass;
    recordFailedAttempt(plan.retry, tracker, error.name, isTimeout);
  }

  private async pauseForRetry(run: ActiveRun, stateName: string, journaled: boolean): Promise<void> {
    const tracker = run.retries.get(stateName);
    if (!tracker || tracker.pendingDelayMs === 0) return;
    const delay = tracker.pendingDelayMs * this.retryDelayScale;
    tracker.pendingDelayMs = 0;
    // A replayed attempt already waited its backoff before the restart.
    if (journaled || delay <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (run.closed) throw new ExecutionClosedError('execution closed');
  }

  // ---------------------------------------------------------------- waiting helpers

  private nextStepKey(run: ActiveRun, stateName: string): string {
    const occurrence = (run.occurrences.get(stateName) ?? 0) + 1;
    run.occurrences.set(stateName, occurrence);
    return `${stateName}#${String(occurrence).padStart(6, '0')}`;
  }

  /**
   * Registers the in-memory waiter a token completion or timer wakes. Only a blocking waiter
   * makes the run count as idle (a sync task racing its deadline is still working).
   */
  private waitFor(run: ActiveRun, stepKey: string, blocking: boolean): Promise<Outcome> {
    const key = waiterKey(run.record.executionArn, stepKey);
    const waiting = new Promise<Outcome>((resolve, reject) => {
      let settled = false;
      let counted = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        if (counted) run.blocked--;
        this.waiters.delete(key);
        run.waiterKeys.delete(key);
        this.activity++;
        return true;
      };
      const block = () => {
        if (settled || counted) return;
        counted = true;
        run.blocked++;
      };
      if (blocking) block();
      run.waiterKeys.add(key);
      this.waiters.set(key, {
        resolve: (outcome) => settle() && resolve(outcome),
        reject: (error) => settle() && reject(error),
        block,
      });
    });
    // Often nobody awaits a waiter that is dropped (the task ended another way): not an error.
    waiting.catch(() => {});
    return waiting;
  }

  private block(run: ActiveRun, stepKey: string): void {
    this.waiters.get(waiterKey(run.record.executionArn, stepKey))?.block();
  }

  private forgetWaiter(run: ActiveRun, stepKey: string): void {
    // A waiter nobody completed (the task finished another way) must not count as blocked.
    this.waiters
      .get(waiterKey(run.record.executionArn, stepKey))
      ?.reject(new ExecutionClosedError('not waiting'));
  }

  private wake(executionArn: string, stepKey: string, outcome: Outcome): void {
    this.waiters.get(waiterKey(executionArn, stepKey))?.resolve(outcome);
    this.activity++;
  }

  private seconds(fixed: number | undefined, fromPath: unknown, field: string): number | undefined {
    if (fixed !== undefined) return fixed;
    if (fromPath === undefined) return undefined;
    const value = Number(fromPath);
    if (!Number.isInteger(value) || value < 1)
      throw runtimeError('States.Runtime', `${field} must be a positive integer`);
    return value;
  }

  private after(seconds: number): string {
    return new Date(this.clock.now().getTime() + seconds * 1000).toISOString();
  }
}

// ------------------------------------------------------------------ helpers

function historyWritten(run: ActiveRun): Promise<void> {
  return run.checkpointing;
}

/**
 * What a stored execution says for its replay: how many events are durable (an unbroken run from
 * id 1; a checkpoint cut short by a crash can leave later ones), what each step key's attempt did,
 * and which events lie past the gap.
 */
function journalOf(stored: StoredExecution): {
  replaySkip: number;
  journal: Map<string, JournalEntry>;
  /** Sort keys of the history items past the gap. */
  stale: string[];
} {
  let replaySkip = 0;
  for (const event of stored.events) {
    if (event.id !== replaySkip + 1) break;
    replaySkip = event.id;
  }
  const journal = new Map<string, JournalEntry>();
  const entry = (stepKey: string) => {
    let found = journal.get(stepKey);
    if (!found) {
      found = {};
      journal.set(stepKey, found);
    }
    return found;
  };
  for (const step of stored.steps) if (step.stepKey !== 'DEADLINE') entry(step.stepKey).step = step;
  for (const event of stored.events) {
    if (event.id > replaySkip || !event.step) continue;
    if (event.outcome) entry(event.step).outcome = event.outcome;
    if (event.submitted) entry(event.step).submitted = true;
  }
  // Items hold consecutive events: one past the gap holds nothing before it.
  const stale = stored.historyItems.filter((item) => item.first > replaySkip).map((item) => item.sortKey);
  return { replaySkip, journal, stale };
}

function pickDefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<T>;
}

function waiterKey(executionArn: string, stepKey: string): string {
  return `${executionArn}|${stepKey}`;
}

function withoutDeadlines(step: StepRecord): StepRecord {
  const { dueAt: _due, ...rest } = step;
  return rest;
}

function earliest(...dates: (string | undefined)[]): string | undefined {
  return dates.filter((date): date is string => date !== undefined).sort()[0];
}

function jsonClone(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function sameJson(a: string, b: string): boolean {
  return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
}

function caseRefOf(input: unknown): { caseRef?: string } {
  const caseRef = (input as { caseRef?: unknown } | null)?.caseRef;
  return typeof caseRef === 'string' ? { caseRef } : {};
}

let entropy = Buffer.alloc(0);
let entropyUsed = 0;

/** Random hex of `bytes` bytes, from a pool refilled 4 KB at a time (one randomBytes call per 256 secrets). */
function randomHex(bytes: number): string {
  if (entropyUsed + bytes > entropy.length) {
    entropy = randomBytes(4096);
    entropyUsed = 0;
  }
  entropyUsed += bytes;
  return entropy.toString('hex', entropyUsed - bytes, entropyUsed);
}

function pick<T extends object, K extends keyof T>(value: T, key: K): Partial<Pick<T, K>> {
  return value[key] === undefined ? {} : ({ [key]: value[key] } as Pick<T, K>);
}
