/** The ASL walker that guards every workflow: it must find what a careless workflow gets wrong. */
import { describe, expect, it } from 'vitest';
import { type AslMachine, auditCallbackTasks, walkStates } from './support/asl.ts';

const callbackResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

describe('the callback task audit', () => {
  it('the walker reports a callback task without TimeoutSeconds', () => {
    const machine: AslMachine = {
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: callbackResource,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Escalate' }],
          End: true,
        },
        Escalate: { Type: 'Pass', End: true },
      },
    };
    expect(auditCallbackTasks({ m: machine }).problems).toEqual([
      'm: Wait has neither TimeoutSeconds nor TimeoutSecondsPath',
    ]);
  });

  it('the walker accepts TimeoutSecondsPath in place of TimeoutSeconds', () => {
    const machine: AslMachine = {
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: callbackResource,
          TimeoutSecondsPath: '$.deadlineSeconds',
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Escalate' }],
          End: true,
        },
        Escalate: { Type: 'Pass', End: true },
      },
    };
    expect(auditCallbackTasks({ m: machine }).problems).toEqual([]);
  });

  it('the walker finds a callback task without a Catch deep inside a Map inside a Parallel', () => {
    const machine: AslMachine = {
      StartAt: 'Fan out',
      States: {
        'Fan out': {
          Type: 'Parallel',
          End: true,
          Branches: [
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  End: true,
                  ItemProcessor: {
                    StartAt: 'Wait',
                    States: {
                      Wait: { Type: 'Task', Resource: callbackResource, TimeoutSeconds: 60, End: true },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    };
    expect(auditCallbackTasks({ m: machine }).problems).toEqual([
      'm: Fan out/branch 0/Each/items/Wait has no Catch for States.Timeout or States.ALL',
    ]);
  });

  it('the walker does not accept a Catch that only handles some other error', () => {
    const machine: AslMachine = {
      StartAt: 'Wait',
      States: {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:eu-west-2:123456789012:activity:await-officer',
          TimeoutSeconds: 60,
          Catch: [{ ErrorEquals: ['Lambda.ServiceException'], Next: 'Escalate' }],
          End: true,
        },
        Escalate: { Type: 'Pass', End: true },
      },
    };
    expect(auditCallbackTasks({ m: machine }).problems).toEqual([
      'm: Wait has no Catch for States.Timeout or States.ALL',
    ]);
  });

  it('the walker visits the legacy Map Iterator field too', () => {
    const machine: AslMachine = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          End: true,
          Iterator: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } },
        },
      },
    };
    expect([...walkStates(machine)].map((visited) => visited.path)).toEqual(['Each', 'Each/items/Inner']);
  });
});
