import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { describe, expect, it } from 'vitest';
import {
  DefinitionNotSupportedError,
  definitionHash,
  loadStateMachines,
  prepareDefinition,
} from '../../infra/local/sfn/definitions.ts';
import { loadWorkflows, synthesizeWorkflows, type TestWorkflow } from './helpers.ts';

const one = (workflow: TestWorkflow, functionIds = ['Classify']) => loadWorkflows([workflow], functionIds);

describe('loading definitions from the synthesized CDK template', () => {
  it('resolves Lambda, partition and state machine references to local ARNs', () => {
    const machines = loadWorkflows(
      [
        { id: 'target', build: ({ stack }) => new sfn.Pass(stack, 'Noop') },
        {
          id: 'source',
          build: ({ stack, fn }) =>
            new tasks.LambdaInvoke(stack, 'Direct', {
              lambdaFunction: fn('Classify'),
              payloadResponseOnly: true,
            })
              .next(new tasks.LambdaInvoke(stack, 'Optimised', { lambdaFunction: fn('Classify') }))
              .next(
                new tasks.StepFunctionsStartExecution(stack, 'StartNextPhase', {
                  stateMachine: sfn.StateMachine.fromStateMachineName(stack, 'Next', 'abate-test-target'),
                }),
              ),
        },
      ],
      ['Classify'],
    );
    const source = machines.find((machine) => machine.workflowId === 'source');
    expect(source?.arn).toBe('arn:aws:states:eu-west-2:000000000000:stateMachine:abate-test-source');
    const states = source?.definition.States as Record<
      string,
      { Resource: string; Parameters?: Record<string, unknown> }
    >;
    expect(states.Direct?.Resource).toBe('arn:aws:lambda:eu-west-2:000000000000:function:Classify');
    expect(states.Optimised?.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(states.Optimised?.Parameters?.FunctionName).toBe(
      'arn:aws:lambda:eu-west-2:000000000000:function:Classify',
    );
    expect(states.StartNextPhase?.Parameters?.StateMachineArn).toBe(
      'arn:aws:states:eu-west-2:000000000000:stateMachine:abate-test-target',
    );
    expect(source?.tasks.get('StartNextPhase')?.integration).toEqual({
      kind: 'startExecution',
      waitForTaskToken: false,
    });
  });

  it('refuses a JSONata state machine at load time', () => {
    expect(() =>
      one({
        id: 'jsonata',
        build: ({ stack }) => sfn.Pass.jsonata(stack, 'Shape', { outputs: { ok: true } }),
      }),
    ).toThrow(/JSONata is not supported locally/);
  });

  it('refuses workflow variables (Assign) at load time', () => {
    expect(() =>
      one({
        id: 'assign',
        build: ({ stack }) => new sfn.Pass(stack, 'Remember', { assign: { caseRef: '$.caseRef' } }),
      }),
    ).toThrow(DefinitionNotSupportedError);
  });

  it('refuses a Task resource the local runtime cannot run', () => {
    expect(() =>
      one({
        id: 'sns',
        build: ({ stack }) =>
          new sfn.CustomState(stack, 'Notify', {
            stateJson: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sns:publish',
              Parameters: { Message: 'hi' },
            },
          }),
      }),
    ).toThrow(/sns:publish is not supported/);
  });

  it('refuses a Lambda function that carries no function id metadata', () => {
    expect(() =>
      one({
        id: 'untagged',
        build: ({ stack }) => {
          const untagged = new lambda.Function(stack, 'Untagged', {
            runtime: lambda.Runtime.NODEJS_22_X,
            handler: 'index.handler',
            code: lambda.Code.fromInline('exports.handler = async () => ({})'),
          });
          return new tasks.LambdaInvoke(stack, 'CallUntagged', { lambdaFunction: untagged });
        },
      }),
    ).toThrow(/no "abate:functionId" metadata/);
  });

  it('refuses a function id that has no local handler, and a start of a machine not in the template', () => {
    expect(() =>
      one({
        id: 'unknown-fn',
        build: ({ stack, fn }) => new tasks.LambdaInvoke(stack, 'Call', { lambdaFunction: fn('Ghost') }),
      }),
    ).toThrow(/Ghost has no local handler/);
    const template = synthesizeWorkflows([
      {
        id: 'orphan-start',
        build: ({ stack }) =>
          new tasks.StepFunctionsStartExecution(stack, 'StartMissing', {
            stateMachine: sfn.StateMachine.fromStateMachineName(stack, 'Missing', 'abate-test-missing'),
          }),
      },
    ]);
    expect(() => loadStateMachines(template)).toThrow(/not in the template/);
  });

  it('refuses a hand-written definition with Assign or an unknown resource too', () => {
    expect(() =>
      prepareDefinition('hand', {
        StartAt: 'A',
        States: { A: { Type: 'Pass', Assign: { x: 1 }, End: true } },
      }),
    ).toThrow(/Assign/);
    expect(() =>
      prepareDefinition('hand', {
        StartAt: 'A',
        States: { A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
      }),
    ).toThrow(/not supported/);
  });

  it("validates each definition with the interpreter's validator unless the synth recorded it as validated", () => {
    // A transition to a state that does not exist: only the interpreter's validator notices.
    const broken = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
    const template = {
      Resources: {
        Broken: {
          Type: 'AWS::StepFunctions::StateMachine',
          Metadata: { 'abate:workflowId': 'broken' },
          Properties: { StateMachineName: 'abate-test-broken', DefinitionString: JSON.stringify(broken) },
        },
      },
    };
    expect(() => loadStateMachines(template)).toThrow(/Nowhere/);
    expect(() => loadStateMachines(template, { validated: new Set([definitionHash({ other: 1 })]) })).toThrow(
      /Nowhere/,
    );
    const [loaded] = loadStateMachines(template, { validated: new Set([definitionHash(broken)]) });
    expect(loaded?.name).toBe('abate-test-broken');
  });

  it('keeps each definition as synthesized: validating it writes no defaults into it', () => {
    const [machine] = one({
      id: 'plain',
      build: ({ stack, fn }) =>
        new tasks.LambdaInvoke(stack, 'Classify', {
          lambdaFunction: fn('Classify'),
          payloadResponseOnly: true,
        }),
    });
    const states = Object.values(machine?.definition.States as Record<string, Record<string, unknown>>);
    expect(states.length).toBeGreaterThan(0);
    for (const state of states) expect(state).not.toHaveProperty('QueryLanguage');
  });

  it('judges each definition on its own though one compiled validator checks them all', () => {
    const good = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    const broken = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
    const badPath = { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: 'not a path', End: true } } };
    expect(prepareDefinition('first-good', good).name).toBe('first-good');
    expect(() => prepareDefinition('broken', broken)).toThrow(/Nowhere/);
    expect(prepareDefinition('good-again', good).name).toBe('good-again');
    expect(() => prepareDefinition('bad-path', badPath)).toThrow(DefinitionNotSupportedError);
    expect(prepareDefinition('good-at-last', good).name).toBe('good-at-last');
  });
});
