/**
 * Everything the routes define, gathered: task kinds (part of the API contract), deadline kinds,
 * system steps and phases. Lifecycle code looks things up here and never names a route.
 */
import * as z from 'zod';
import type { NoticeKind } from '../model/case.ts';
import type { StaffGroup } from '../model/workflow.ts';
import { routeModules } from './index.ts';
import type {
  DeadlineKind,
  NoticeSpec,
  PenaltyScheme,
  RouteModule,
  StepHandler,
  TaskKind,
  TriageOption,
} from './types.ts';

/**
 * Everything here is gathered on first use, not when the module loads: route modules import
 * lifecycle code that looks things up here, so the list of routes is complete only once every
 * module has loaded.
 */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

function gather<T>(
  pick: (route: RouteModule) => Record<string, T> | undefined,
  what: string,
): Record<string, T> {
  const all: Record<string, T> = {};
  for (const route of routeModules()) {
    for (const [name, value] of Object.entries(pick(route) ?? {})) {
      if (name in all) throw new Error(`${what} ${name} is defined by two routes`);
      all[name] = value;
    }
  }
  return all;
}

export const taskKinds = once((): Record<string, TaskKind> => gather((route) => route.tasks, 'task type'));
export const deadlineKinds = once(
  (): Record<string, DeadlineKind> => gather((route) => route.deadlines, 'deadline kind'),
);
export const stepHandlers = once(
  (): Record<string, StepHandler> =>
    gather(
      (route) =>
        Object.fromEntries(Object.entries(route.steps).map(([name, step]) => [`${route.id}.${name}`, step])),
      'step',
    ),
);

export const noticeSpecs = once(() =>
  gather((route) => route.notices as Record<string, NoticeSpec> | undefined, 'notice kind'),
);

export function noticeSpecOf(kind: NoticeKind): NoticeSpec {
  const spec = noticeSpecs()[kind];
  if (!spec) throw new Error(`no route serves a ${kind}`);
  return spec;
}

const penaltySchemes = once(() =>
  gather((route) => route.penalties as Record<string, PenaltyScheme> | undefined, 'penalty scheme'),
);

export function penaltySchemeOf(kind: NoticeKind): PenaltyScheme {
  const scheme = penaltySchemes()[kind];
  if (!scheme) throw new Error(`no fixed penalty exists for a breach of a ${kind}`);
  return scheme;
}

/** The outcomes triage offers, in route order, each with the route that starts. */
export const triageOptions = once((): TriageOption[] =>
  routeModules().flatMap((route) => route.triage ?? []),
);

export const taskTypes = once(() => Object.keys(taskKinds()) as [string, ...string[]]);

/** A task type, checked when a request is parsed (by then every route has loaded). */
export const TaskType = z.string().refine((type) => taskTypes().includes(type), {
  error: () => `Choose a task type: ${taskTypes().join(', ')}`,
});

export const phaseIds = once((): string[] => routeModules().flatMap((route) => [...route.phases]));

/** The enforcement route a phase belongs to (ASB, statutory nuisance, Noise Act), if any. */
export function routeOfPhase(phase: string): string | undefined {
  const route = routeModules().find((candidate) => candidate.phases.includes(phase));
  return route?.enforcement ? route.id : undefined;
}

export function taskKindOf(type: string): TaskKind {
  const kind = taskKinds()[type];
  if (!kind) throw new Error(`unknown task type ${type}`);
  return kind;
}

export function deadlineKindOf(kind: string): DeadlineKind {
  const found = deadlineKinds()[kind];
  if (!found) throw new Error(`unknown deadline kind ${kind}`);
  return found;
}

/** Whether someone with these groups may decide a task of this kind. */
export function mayDecide(kind: TaskKind, callerGroups: readonly string[], escalated: boolean): boolean {
  if (callerGroups.some((group) => kind.groups.includes(group as StaffGroup))) return true;
  // Managers take over what a caseworker may do, and anything escalated to them.
  if (callerGroups.includes('manager') && (kind.groups.includes('caseworker') || escalated)) return true;
  return false;
}
