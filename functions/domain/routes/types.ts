/**
 * What a legal route brings to the lifecycle: the staff decisions it asks for, the deadlines it
 * waits on and the system steps its workflows call. Each route is a folder under `routes/` with
 * one of these; the lifecycle finds everything through the list in `routes/index.ts`, so a new
 * route is a new folder (and a new workflow file), not edits across shared files.
 */
import type * as z from 'zod';
import type { PolicyValues } from '../../config/policy.ts';
import type { Caller, LifecycleDeps } from '../lifecycle/deps.ts';
import type { CaseStatus, NoiseCase, NoticeKind } from '../model/case.ts';
import type { Deadline, Decision, StaffGroup, StaffTask } from '../model/workflow.ts';

/** What a phase execution carries from the one that started it: ids only, never personal data. */
export interface PhaseContext {
  /** The decision task whose outcome started this phase (its details say what to serve). */
  decisionTaskId?: string | null;
  /** The counting breach (or exceedance) this phase acts on: the offence, for penalties and prosecution. */
  offenceId?: string | null;
}

export interface StepInput {
  caseRef: string;
  execution: string;
  context?: PhaseContext | undefined;
}

export type StepHandler = (
  deps: LifecycleDeps,
  input: StepInput & { args?: Record<string, unknown> | undefined },
) => Promise<Record<string, unknown>>;

export interface TaskKind {
  title: string;
  /** Groups that may decide; a manager may also do what a caseworker may. */
  groups: StaffGroup[];
  outcomes: string[];
  /** The outcomes offered on this case at this moment (default: all of `outcomes`). */
  outcomesFor?(c: NoiseCase, context: PhaseContext, variant: string | undefined): string[];
  due(policy: PolicyValues, from: Date, c: NoiseCase): Date;
  /** `escalate`: managers are told and may decide; otherwise the named outcome is decided for it. */
  onOverdue: 'escalate' | { outcome: string };
  /** Outcomes that need agreed actions with dates. */
  needsAgreedActions?: string[];
  /** Particulars an outcome may carry (a notice's recipient and requirements, a court's fine). */
  details?: Record<string, z.ZodType>;
  /** Refusals the law makes (a prosecution after the limitation date): throws an AppError. */
  check?(
    deps: LifecycleDeps,
    task: StaffTask,
    decision: { outcome: string; details?: unknown },
  ): Promise<void>;
  /** Days after opening at which the deciders are reminded while it waits (long waits, like a court). */
  reminderDays?(policy: PolicyValues): number[];
  /** A task no workflow waits on: its decision is acted on here instead of being handed over. */
  standalone?: {
    apply(deps: LifecycleDeps, task: StaffTask, decision: Decision, caller: Caller | 'system'): Promise<void>;
  };
  /** What the task shows the decider beyond the counts (e.g. which routes apply and why). */
  advice?(deps: LifecycleDeps, c: NoiseCase): Promise<string[]>;
}

export interface DeadlineKind {
  /**
   * When the step before the wait already knows its dates (a notice's service, a penalty's due
   * date) they come in `facts`, and the wait is set without reading the case.
   */
  fromFacts?(
    deps: LifecycleDeps,
    facts: Record<string, string>,
  ): { dueAt: Date; reminders?: { at: string; template: string }[] } | undefined;
  /** When a workflow's wait ends if nothing ends it first (a case deadline is given its end when opened). */
  due?(deps: LifecycleDeps, c: NoiseCase, input: DeadlineInput): Promise<Date>;
  /** Reminders before the end (each is sent once, by the sweeper). */
  reminders?(
    deps: LifecycleDeps,
    c: NoiseCase,
    input: DeadlineInput,
  ): Promise<{ at: string; template: string }[]>;
  /** Sends reminder `index`; the deadline is given so the reminder can say what is outstanding. */
  remind?(
    deps: LifecycleDeps,
    deadline: { caseRef: string; deadlineId: string; penaltyRef?: string; subjectId?: string },
    index: number,
  ): Promise<void>;
  /** A deadline no workflow waits on (a diary sheet's return date): its route acts when it ends. */
  standalone?: {
    ended(deps: LifecycleDeps, deadline: Deadline, outcome: Record<string, unknown>): Promise<void>;
  };
}

export interface DeadlineInput extends StepInput {
  kind: string;
  penaltyRef?: string | undefined;
  facts?: Record<string, string> | undefined;
}

/** How the lifecycle treats a kind of notice a route serves. */
export interface NoticeSpec {
  /** As named in sentences: "Community Protection Warning". */
  title: string;
  /** The deadline that watches for breaches after service; a counting breach ends it. */
  watchKind: string;
  /** The phase that decides what to do about a breach (a report reopens a closed case there). */
  breachPhase: string;
  /** Whether breaching it is an offence (a CPN, an abatement notice), with a limitation date. */
  breachIsOffence: boolean;
  /** The case's status while the notice is the live one. */
  caseStatus: CaseStatus;
}

/** A fixed penalty a notice's breach can be met with: the Act, the amounts, the periods. */
export interface PenaltyScheme {
  statute: string;
  /** The offence as the penalty notice names it (a route whose section depends on the source gives a function). */
  offence: string | ((c: NoiseCase) => string);
  amounts(
    policy: PolicyValues,
    c: NoiseCase,
  ): {
    amountPence: number;
    discountedAmountPence: number;
    discountDays: number;
    payWithinDays: number;
  };
}

/** What a route offers at triage: the outcome that starts it, and whether it applies to the case. */
export interface TriageOption {
  /** Absent for a route triage cannot start but should advise on (the Noise Act, used by an officer at night). */
  outcome?: string;
  /** Particulars the outcome may carry (a warning's recipient and requirements). */
  details?: z.ZodType;
  /** Why the route does or does not apply to this case, for the person triaging. */
  advice?(c: NoiseCase): string;
  /** Refusals the law makes for this outcome (a warning with nobody to serve it on). */
  check?: TaskKind['check'];
}

export interface RouteModule {
  id: string;
  /** How the route is named to staff, e.g. "Anti-social Behaviour, Crime and Policing Act 2014". */
  title: string;
  /** The workflow phases (state machine ids) the route's workflow file defines. */
  phases: readonly string[];
  /** An enforcement route a case is "on" (restorative justice returns to it); not a shared stage. */
  enforcement?: boolean;
  tasks: Record<string, TaskKind>;
  deadlines?: Record<string, DeadlineKind>;
  steps: Record<string, StepHandler>;
  notices?: Partial<Record<NoticeKind, NoticeSpec>>;
  penalties?: Partial<Record<NoticeKind, PenaltyScheme>>;
  triage?: TriageOption[];
}
