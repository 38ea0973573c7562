/**
 * The sweeper: one scheduled run reads what is due through the due index (never a scan, so its
 * cost follows the number of due items, not the size of the table) and handles each item. Every
 * handler is a conditional write, so two sweeps at the same instant do the work once.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startQuietly } from '../intake/report.ts';
import { handleDueDeadline } from './deadlines.ts';
import type { LifecycleDeps } from './deps.ts';
import { anonymiseCase, deleteRecordings } from './retention.ts';
import { handleDueTask } from './tasks.ts';

export interface SweepReport {
  at: string;
  examined: number;
  outcomes: Record<string, number>;
  failures: number;
}

export async function sweep(deps: LifecycleDeps, options: { maxItems?: number } = {}): Promise<SweepReport> {
  const now = deps.clock.now().toISOString();
  const maxItems = options.maxItems ?? 1_000;
  const report: SweepReport = { at: now, examined: 0, outcomes: {}, failures: 0 };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'gsi3',
        // `~` sorts after every `<timestamp>#...` key that starts with the current instant.
        KeyConditionExpression: 'gsi3pk = :due AND gsi3sk <= :now',
        ExpressionAttributeValues: { ':due': 'DUE', ':now': `${now}~` },
        ExclusiveStartKey,
        Limit: 100,
      }),
    );
    for (const item of page.Items ?? []) {
      report.examined++;
      try {
        const outcome =
          item.dueKind === 'task'
            ? await handleDueTask(deps, String(item.taskId))
            : item.dueKind === 'deadline'
              ? await handleDueDeadline(deps, String(item.deadlineId))
              : item.dueKind === 'case-start'
                ? await startStuckCase(deps, String(item.caseRef))
                : item.dueKind === 'recording-retention'
                  ? await deleteRecordings(deps, String(item.caseRef))
                  : item.dueKind === 'retention'
                    ? await anonymiseCase(deps, String(item.caseRef))
                    : 'unknown-kind';
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        // One bad item must not stop the rest; it stays due and is tried again next sweep.
        report.failures++;
        deps.log?.error('sweeper could not handle a due item', { pk: item.pk, error: String(error) });
      }
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && report.examined < maxItems);
  return report;
}

/**
 * A case whose opening (or reopening) request died before starting its workflow: start it now,
 * under the name the case already records, so it never runs twice.
 */
async function startStuckCase(deps: LifecycleDeps, caseRef: string): Promise<string> {
  const c = await deps.store.read(caseRef);
  if (!c?.awaitingWorkflowSince) return 'nothing-due';
  await startQuietly(deps, c);
  return 'workflow-started';
}
