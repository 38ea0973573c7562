/**
 * Noise monitoring equipment: a deployment names the kit and its calibration date, when it went
 * in and came out, what it showed, and the files it produced. Kit whose calibration had lapsed
 * cannot be deployed (its readings would not stand up); policy sets how often a case may have it
 * (at most twice, usually), beyond which a manager decides.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound, validationFailed } from '../../commons/errors.ts';
import { hasApplied } from '../case-store.ts';
import { day } from '../letters/words.ts';
import { type Caller, type LifecycleDeps, staffActor } from '../lifecycle/deps.ts';
import { applyChange, writeItems } from '../lifecycle/step.ts';
import { addDays, addMonths, londonDate } from '../time.ts';
import { checkFilesOnCase } from './files.ts';
import { evidenceKey, type MonitoringDeployment, type monitoringResults } from './model.ts';
import { evidenceId, evidenceOf, staffAddedBy } from './records.ts';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

const deploymentView = ({ op: _op, ...deployment }: MonitoringDeployment) => deployment;

export interface Installation {
  kitId: string;
  calibratedOn: string;
  installedAt: string;
  location?: string | undefined;
}

export async function installMonitoring(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  input: Installation,
) {
  const now = deps.clock.now();
  const policy = deps.policy.at(now).evidence.monitoring;
  if (Date.parse(input.installedAt) > now.getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([
      { path: 'installedAt', message: 'The time it was installed must not be in the future' },
    ]);
  const installedOn = londonDate(new Date(input.installedAt));
  if (input.calibratedOn > installedOn)
    throw validationFailed([
      { path: 'calibratedOn', message: 'The calibration date must be on or before the day it was installed' },
    ]);
  const lapsedBefore = londonDate(addMonths(new Date(input.installedAt), -policy.calibrationValidMonths));
  if (input.calibratedOn < lapsedBefore)
    throw validationFailed([
      {
        path: 'calibratedOn',
        message: `The kit's calibration had lapsed: it was calibrated more than ${policy.calibrationValidMonths} months before it was installed`,
      },
    ]);
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  const deploymentId = evidenceId('mo', caseRef, input.kitId, input.installedAt);
  const opId = `monitoring-installed:${deploymentId}`;
  const deployments = (await evidenceOf(deps, c)).monitoring;
  const same = deployments.find((d) => d.deploymentId === deploymentId);
  if (same) return deploymentView(same);
  if (deployments.some((d) => d.kitId === input.kitId && d.status === 'installed'))
    throw conflict(
      'KIT_INSTALLED',
      `Kit ${input.kitId} is already installed on this case; record its removal first`,
    );
  if (deployments.length >= policy.maxDeployments && !caller.groups.includes('manager'))
    throw conflict(
      'MONITORING_LIMIT',
      `This case has had monitoring equipment ${deployments.length} times, the most the council's policy allows; a manager may install it again`,
    );
  const at = now.toISOString();
  const deployment: MonitoringDeployment = {
    deploymentId,
    caseRef,
    kitId: input.kitId,
    calibratedOn: input.calibratedOn,
    installedAt: input.installedAt,
    ...(input.location ? { location: input.location } : {}),
    installedBy: staffAddedBy(caller),
    status: 'installed',
  };
  await writeItems(deps, opId, [{ ...evidenceKey.monitoring(caseRef, deploymentId), ...deployment }]);
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'MonitoringInstalled',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            data: {
              deploymentId,
              kitId: input.kitId,
              calibratedOn: input.calibratedOn,
              installedAt: input.installedAt,
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  return deploymentView(deployment);
}

export interface Removal {
  removedAt: string;
  result: (typeof monitoringResults)[number];
  notes?: string | undefined;
  fileIds?: string[] | undefined;
}

export async function removeMonitoring(
  deps: LifecycleDeps,
  caseRef: string,
  caller: Caller,
  deploymentId: string,
  input: Removal,
) {
  const now = deps.clock.now();
  const c = await deps.store.get(caseRef);
  if (!c) throw notFound('No case with that reference');
  const deployment = (await evidenceOf(deps, c)).monitoring.find((d) => d.deploymentId === deploymentId);
  if (!deployment) throw notFound('No monitoring deployment with that id on this case');
  const opId = `monitoring-removed:${deploymentId}`;
  if (hasApplied(c, opId)) {
    // The same removal again answers the same; a different one contradicts the record.
    if (deployment.removedAt === input.removedAt) return deploymentView(deployment);
    throw conflict(
      'KIT_REMOVED',
      `This kit was already recorded as removed on ${day(deployment.removedAt ?? '')}`,
    );
  }
  if (Date.parse(input.removedAt) > now.getTime() + FUTURE_TOLERANCE_MS)
    throw validationFailed([
      { path: 'removedAt', message: 'The time it was removed must not be in the future' },
    ]);
  if (input.removedAt < deployment.installedAt)
    throw validationFailed([
      {
        path: 'removedAt',
        message: `It was installed on ${day(deployment.installedAt)}: it cannot come out before`,
      },
    ]);
  await checkFilesOnCase(deps, c, input.fileIds);
  const maxDays = deps.policy.at(new Date(deployment.installedAt)).evidence.monitoring.maxDays;
  const overran = Date.parse(input.removedAt) > addDays(new Date(deployment.installedAt), maxDays).getTime();
  const removedBy = staffAddedBy(caller);
  const removed: MonitoringDeployment = {
    ...deployment,
    status: 'removed',
    removedAt: input.removedAt,
    removedBy,
    result: input.result,
    ...(input.notes ? { notes: input.notes } : {}),
    ...(input.fileIds?.length ? { fileIds: input.fileIds } : {}),
    overran,
  };
  try {
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: evidenceKey.monitoring(caseRef, deploymentId),
        UpdateExpression: `SET #status = :removed, removedAt = :at, removedBy = :by, #result = :result, overran = :overran, fileIds = :files${
          input.notes ? ', notes = :notes' : ''
        }`,
        // A retry of this same removal may write it again; a different one may not.
        ConditionExpression: '#status = :installed OR removedAt = :at',
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
        ExpressionAttributeValues: {
          ':removed': 'removed',
          ':installed': 'installed',
          ':at': input.removedAt,
          ':by': removedBy,
          ':result': input.result,
          ':overran': overran,
          ...(input.notes ? { ':notes': input.notes } : {}),
          ':files': input.fileIds ?? [],
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw conflict(
        'KIT_REMOVED',
        `This kit was already recorded as removed on ${day(deployment.removedAt ?? '')}`,
      );
    throw error;
  }
  const at = now.toISOString();
  await applyChange(deps, c, (current) =>
    hasApplied(current, opId)
      ? null
      : {
          event: {
            type: 'MonitoringRemoved',
            at,
            actor: staffActor(caller),
            visibility: 'staff',
            data: {
              deploymentId,
              kitId: deployment.kitId,
              removedAt: input.removedAt,
              result: input.result,
              fileIds: input.fileIds ?? [],
              overran,
            },
            opId,
          },
          patch: { updatedAt: at },
        },
  );
  return deploymentView(removed);
}
