import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../infra/table/construct.ts';
import { testFunctions } from './fixtures/registries.ts';
import {
  actionsOf,
  referencedLogicalIds,
  resourcesOf,
  roleOfFunction,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './support/synth.ts';

let synth: Synthesized;
let tableId: string;

beforeAll(() => {
  synth = synthesize({ stage: 'dev' });
  tableId = synth.ofType('AWS::DynamoDB::Table')[0]?.[0] as string;
});

const statementsOf = (functionId: string) => statementsOfRole(synth, roleOfFunction(synth, functionId));
const actionsOfFunction = (functionId: string) => statementsOf(functionId).flatMap(actionsOf).sort();

/** Readable form of a policy resource: `table`, `table/index/gsi1`, `arn:…:stateMachine:name`, `*`. */
function describeResource(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const record = resource as Record<string, unknown>;
  if (record['Fn::GetAtt']) {
    const [logicalId] = record['Fn::GetAtt'] as [string];
    return logicalId === tableId ? 'table' : `${logicalId}.Arn`;
  }
  if (record.Ref) {
    const ref = String(record.Ref);
    if (ref.startsWith('AWS::')) return `{${ref.slice('AWS::'.length)}}`;
    return ref === tableId ? 'table' : `Ref:${ref}`;
  }
  const join = record['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(describeResource).join(join[0]);
  return JSON.stringify(resource);
}

function grantsOf(functionId: string): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const statement of statementsOf(functionId)) {
    expect(statement.Effect).toBe('Allow');
    for (const action of actionsOf(statement)) {
      grants[action] = [...(grants[action] ?? []), ...resourcesOf(statement).map(describeResource)].sort();
    }
  }
  return grants;
}

const tableAndIndexes = [
  'table',
  'table/index/gsi1',
  'table/index/gsi2',
  'table/index/gsi3',
  'table/index/gsi4',
];
const xray = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('table access', () => {
  it('a read-only function may get, batch-get and query the table and its indexes, and nothing else', () => {
    const grants = grantsOf('FollowCase');
    expect(Object.keys(grants).sort()).toEqual([...TABLE_READ_ACTIONS, ...xray].sort());
    for (const action of TABLE_READ_ACTIONS) expect(grants[action]).toEqual(tableAndIndexes);
  });

  it('a read-write function may also put, update, delete and condition-check items on the table alone', () => {
    const grants = grantsOf('RecordOutcome');
    expect(Object.keys(grants).sort()).toEqual(
      [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...xray].sort(),
    );
    for (const action of TABLE_WRITE_ACTIONS) expect(grants[action]).toEqual(['table']);
  });

  it('a function without table access gets no DynamoDB action at all', () => {
    expect(actionsOfFunction('RenderLetter').filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
  });

  it('no function may scan or write in transactions, and only writers may batch-write', () => {
    for (const spec of testFunctions) {
      const actions = actionsOfFunction(spec.id);
      expect(actions).not.toContain('dynamodb:Scan');
      if (spec.table !== 'readwrite') expect(actions).not.toContain('dynamodb:BatchWriteItem');
      expect(actions.some((action) => action.includes('Transact'))).toBe(false);
      expect(actions.some((action) => action.endsWith('*'))).toBe(false);
    }
  });
});

describe('state machine access', () => {
  it('a function that starts a workflow may start exactly that machine, named from fixed parts', () => {
    expect(grantsOf('ReportComplaint')['states:StartExecution']).toEqual([
      'arn:{Partition}:states:{Region}:{AccountId}:stateMachine:abate-dev-investigation',
    ]);
  });

  it('a function that signals a workflow may send task success, failure and heartbeat', () => {
    const grants = grantsOf('DecideTask');
    for (const action of ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat']) {
      // IAM defines no resource type for task-token calls, so "*" is the only resource that works.
      expect(grants[action]).toEqual(['*']);
    }
    expect(grants['states:StartExecution']).toBeUndefined();
  });

  it('functions that neither start nor signal a workflow have no Step Functions action', () => {
    for (const functionId of ['FollowCase', 'RecordOutcome', 'AwaitDecision', 'RenderLetter']) {
      expect(actionsOfFunction(functionId).filter((action) => action.startsWith('states:'))).toEqual([]);
    }
  });

  it('a function never refers to a state machine resource, so no dependency cycle can form', () => {
    const machineIds = new Set(
      synth.ofType('AWS::StepFunctions::StateMachine').map(([logicalId]) => logicalId),
    );
    for (const spec of testFunctions) {
      const roleId = roleOfFunction(synth, spec.id);
      const referenced = referencedLogicalIds(statementsOfRole(synth, roleId));
      const fnResource = synth.resources[synth.functionLogicalIds[spec.id] as string];
      referencedLogicalIds(fnResource?.Properties, referenced);
      expect([...referenced].filter((id) => machineIds.has(id))).toEqual([]);
    }
  });

  it('each state machine may invoke only the functions its states use', () => {
    const [, machine] = synth.only('AWS::StepFunctions::StateMachine');
    const roleArn = machine.Properties.RoleArn as { 'Fn::GetAtt': [string, string] };
    const statements = statementsOfRole(synth, roleArn['Fn::GetAtt'][0]);
    const invoked = new Set(
      statements
        .filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'))
        .flatMap(resourcesOf)
        .flatMap((resource) => [...referencedLogicalIds(resource)]),
    );
    const idsOf = (functionIds: string[]) => functionIds.map((id) => synth.functionLogicalIds[id]);
    expect([...invoked].sort()).toEqual(idsOf(['AwaitDecision', 'RecordOutcome', 'RenderLetter']).sort());
  });
});

describe('secret access', () => {
  it('only a function that names the payment secret may read it, and only that secret', () => {
    const secretId = synth.ofType('AWS::SecretsManager::Secret')[0]?.[0];
    const grants = grantsOf('RecordPayment');
    expect(grants['secretsmanager:GetSecretValue']).toEqual([`Ref:${secretId}`]);
    for (const spec of testFunctions.filter((candidate) => candidate.id !== 'RecordPayment')) {
      expect(actionsOfFunction(spec.id).filter((action) => action.startsWith('secretsmanager:'))).toEqual([]);
    }
  });
});

describe('the sweeper schedule', () => {
  it('assumes a role that may invoke the sweeper and write to its dead-letter queue, nothing else', () => {
    const [, schedule] = synth.only('AWS::Scheduler::Schedule');
    const target = schedule.Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } };
    const statements = statementsOfRole(synth, target.RoleArn['Fn::GetAtt'][0]);
    const targetsOf = (action: string) =>
      statements
        .filter((statement) => actionsOf(statement).includes(action))
        .flatMap(resourcesOf)
        .flatMap((resource) => [...referencedLogicalIds(resource)]);
    expect(statements.flatMap(actionsOf).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    expect(new Set(targetsOf('lambda:InvokeFunction'))).toEqual(new Set([synth.functionLogicalIds.Sweeper]));
    const [deadLetterQueueId] = synth.only('AWS::SQS::Queue');
    expect(targetsOf('sqs:SendMessage')).toEqual([deadLetterQueueId]);
  });
});
