/**
 * Reads state machine definitions back out of a synthesized template and walks every state,
 * including the branches of Parallel states and the processors of Map states, so checks on
 * callback tasks cover whatever a workflow nests.
 */

export interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Next?: string;
  Branches?: AslMachine[];
  Iterator?: AslMachine;
  ItemProcessor?: AslMachine;
  [key: string]: unknown;
}

export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface VisitedState {
  /** `Parallel name/branch 0/State name` */
  path: string;
  name: string;
  state: AslState;
  /** The machine (top level or branch) whose `States` hold this state. */
  container: AslMachine;
}

/** Turns `Ref`/`Fn::GetAtt` inside a `Fn::Join` into readable placeholders, then parses the JSON. */
export function definitionFromTemplate(definitionString: unknown): AslMachine {
  if (typeof definitionString === 'string') return JSON.parse(definitionString) as AslMachine;
  const join = (definitionString as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join)
    throw new Error(`Unexpected DefinitionString shape: ${JSON.stringify(definitionString).slice(0, 200)}`);
  const [separator, parts] = join;
  const text = parts.map((part) => (typeof part === 'string' ? part : placeholder(part))).join(separator);
  return JSON.parse(text) as AslMachine;
}

function placeholder(token: unknown): string {
  const record = token as Record<string, unknown>;
  if ('Ref' in record) return `<Ref:${String(record.Ref)}>`;
  if ('Fn::GetAtt' in record) return `<GetAtt:${(record['Fn::GetAtt'] as string[]).join('.')}>`;
  return '<Token>';
}

export function* walkStates(machine: AslMachine, prefix = ''): Generator<VisitedState> {
  for (const [name, state] of Object.entries(machine.States)) {
    const path = prefix ? `${prefix}/${name}` : name;
    yield { path, name, state, container: machine };
    for (const [index, branch] of (state.Branches ?? []).entries()) {
      yield* walkStates(branch, `${path}/branch ${index}`);
    }
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* walkStates(processor, `${path}/items`);
  }
}

/** A task that waits for someone outside the execution: a task token or an activity worker. */
export function isCallbackTask(state: AslState): boolean {
  if (state.Type !== 'Task' || typeof state.Resource !== 'string') return false;
  return state.Resource.endsWith('.waitForTaskToken') || state.Resource.includes(':activity:');
}

/** What is wrong with a callback task, as sentences; empty when it has a backstop and an escape. */
export function callbackTaskProblems(visited: VisitedState): string[] {
  const { state, path, container } = visited;
  const problems: string[] = [];
  if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
    problems.push(`${path} has neither TimeoutSeconds nor TimeoutSecondsPath`);
  }
  const catchers = state.Catch ?? [];
  const catchesTimeout = catchers.some((catcher) =>
    catcher.ErrorEquals.some((error) => error === 'States.ALL' || error === 'States.Timeout'),
  );
  if (!catchesTimeout) problems.push(`${path} has no Catch for States.Timeout or States.ALL`);
  for (const catcher of catchers) {
    if (!(catcher.Next in container.States))
      problems.push(`${path} catches to missing state ${catcher.Next}`);
  }
  return problems;
}

/** Every problem with every callback task of every machine; `callbackTasks` counts what was checked. */
export function auditCallbackTasks(machines: Record<string, AslMachine>): {
  problems: string[];
  callbackTasks: string[];
} {
  const problems: string[] = [];
  const callbackTasks: string[] = [];
  for (const [machineId, machine] of Object.entries(machines)) {
    for (const visited of walkStates(machine)) {
      if (!isCallbackTask(visited.state)) continue;
      callbackTasks.push(`${machineId}: ${visited.path}`);
      problems.push(...callbackTaskProblems(visited).map((problem) => `${machineId}: ${problem}`));
    }
  }
  return { problems, callbackTasks };
}
