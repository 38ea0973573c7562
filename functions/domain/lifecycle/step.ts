/**
 * How a workflow's system step changes a case, once: its operation id comes from the execution
 * and the step, the items it writes beside the case (letters, notices, penalties) carry that id
 * and go in one batch, then one audited change applies it. A retry that finds the operation on the
 * case does nothing again; a step from an execution the case has moved on from is refused.
 */
import { type CaseChange, type CasePatch, hasApplied, mutateCase, opKey } from '../case-store.ts';
import type { NoiseCase } from '../model/case.ts';
import type { StepInput } from '../routes/types.ts';
import { batchPut } from '../table-access.ts';
import { type LifecycleDeps, systemActor } from './deps.ts';

/** The case's workflow is another execution now (a manager moved the case on by hand). */
export class StaleExecution extends Error {
  constructor(caseRef: string, execution: string) {
    super(`case ${caseRef} no longer runs execution ${execution}`);
    this.name = 'StaleExecution';
  }
}

export interface StepOutcome {
  type: string;
  data: Record<string, unknown>;
  patch?: CasePatch;
  /** Shown on the resident's progress page with these words; otherwise staff only. */
  residentTitle?: string;
  reason?: string;
  /** Items written beside the case before the change (letters, notices, penalties). */
  items?: Record<string, unknown>[];
  addFlags?: string[];
  removeFlags?: string[];
}

export function assertCurrent(c: NoiseCase, execution: string): void {
  if (c.execution !== undefined && c.execution !== execution) throw new StaleExecution(c.caseRef, execution);
}

/** The audited change for an outcome, stamped with the operation that made it. */
export function changeOf(outcome: StepOutcome, opId: string, at: string, actor = systemActor): CaseChange {
  return {
    event: {
      type: outcome.type,
      at,
      actor,
      visibility: outcome.residentTitle ? 'resident' : 'staff',
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      data: { ...outcome.data, ...(outcome.residentTitle ? { residentTitle: outcome.residentTitle } : {}) },
      opId,
    },
    patch: { ...outcome.patch, updatedAt: at },
    ...(outcome.addFlags ? { addFlags: outcome.addFlags } : {}),
    ...(outcome.removeFlags ? { removeFlags: outcome.removeFlags } : {}),
  };
}

/** Writes an operation's items, each marked with the operation so it counts once the change is applied. */
export async function writeItems(
  deps: LifecycleDeps,
  opId: string,
  items: Record<string, unknown>[] | undefined,
) {
  if (!items?.length) return;
  const op = opKey(opId);
  await batchPut(
    deps,
    items.map((item) => ({ ...item, op })),
  );
}

export async function runStep(
  deps: LifecycleDeps,
  input: StepInput,
  step: string,
  act: (c: NoiseCase, op: { opId: string; at: string }) => Promise<StepOutcome>,
): Promise<NoiseCase> {
  const opId = `${input.execution}:${step}`;
  const result = await mutateCase(deps.store, input.caseRef, async (c) => {
    if (hasApplied(c, opId)) return null;
    assertCurrent(c, input.execution);
    const at = deps.clock.now().toISOString();
    const outcome = await act(c, { opId, at });
    await writeItems(deps, opId, outcome.items);
    return changeOf(outcome, opId, at);
  });
  if (!result) throw new Error(`case ${input.caseRef} does not exist`);
  return result;
}

/**
 * Applies a change to a case already read, falling back to a fresh read when another writer got
 * there first: the common path costs no second read.
 */
export async function applyChange(
  deps: LifecycleDeps,
  c: NoiseCase,
  decide: (current: NoiseCase) => CaseChange | null | Promise<CaseChange | null>,
): Promise<NoiseCase> {
  const first = await decide(c);
  if (!first || hasApplied(c, first.event.opId)) return c;
  try {
    return await deps.store.apply(c, first);
  } catch (error) {
    if ((error as Error).name !== 'VersionConflict') throw error;
    const result = await mutateCase(deps.store, c.caseRef, decide);
    if (!result) throw new Error(`case ${c.caseRef} does not exist`);
    return result;
  }
}
