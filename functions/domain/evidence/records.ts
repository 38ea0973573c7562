/** Reading a case's evidence (one query), the ids evidence takes, and who added it. */
import { createHash } from 'node:crypto';
import { released } from '../letters/outbox.ts';
import type { Caller, LifecycleDeps } from '../lifecycle/deps.ts';
import type { NoiseCase } from '../model/case.ts';
import { queryAll, stripKeys, type TableAccess } from '../table-access.ts';
import {
  type AddedBy,
  type DiarySheet,
  EVIDENCE_PREFIX,
  type EvidenceFile,
  type MonitoringDeployment,
  type Visit,
} from './model.ts';
import type { EvidenceStore } from './store.ts';

/** `ev_…` from the parts that make the thing what it is, so a retry names the same thing. */
export function evidenceId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 24)}`;
}

export interface CaseEvidence {
  files: EvidenceFile[];
  diarySheets: DiarySheet[];
  visits: Visit[];
  monitoring: MonitoringDeployment[];
}

/** Sorts evidence items already read (with their keys) into kinds, keeping those whose operation is on the case. */
export function evidenceFromItems(c: Pick<NoiseCase, 'ops'>, items: Record<string, unknown>[]): CaseEvidence {
  const of = <T extends { op?: string | undefined }>(kind: string) =>
    items
      .filter((item) => String(item.sk).startsWith(`${EVIDENCE_PREFIX}${kind}#`))
      .map((item) => stripKeys<T>(item))
      .filter((item) => released(c, item));
  return {
    files: of<EvidenceFile>('FILE').sort((a, b) => a.addedAt.localeCompare(b.addedAt)),
    diarySheets: of<DiarySheet>('DIARY').sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)),
    visits: of<Visit>('VISIT').sort((a, b) => a.visitedAt.localeCompare(b.visitedAt)),
    monitoring: of<MonitoringDeployment>('MONITOR').sort((a, b) =>
      a.installedAt.localeCompare(b.installedAt),
    ),
  };
}

/** Every piece of evidence on a case that counts (one query on the case's partition). */
export async function evidenceOf(deps: TableAccess, c: Pick<NoiseCase, 'caseRef' | 'ops'>) {
  const items = await queryAll(deps, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CASE#${c.caseRef}`, ':prefix': EVIDENCE_PREFIX },
    ConsistentRead: true,
  });
  return evidenceFromItems(c, items);
}

export const staffAddedBy = (caller: Caller): AddedBy => ({
  kind: 'staff',
  id: caller.id,
  ...(caller.name ? { name: caller.name } : {}),
});

export const residentAddedBy = (partyId: string): AddedBy => ({ kind: 'resident', id: partyId });

/** The audit trail's actor for whoever added it. */
export function actorOf(by: AddedBy, caller?: Caller) {
  return by.kind === 'resident'
    ? { kind: 'resident' as const, id: by.id }
    : {
        kind: 'staff' as const,
        id: by.id,
        ...(by.name ? { name: by.name } : {}),
        groups: caller?.groups ?? [],
      };
}

/** The store, where a function was given access to it; anything else is a wiring mistake. */
export function storeOf(deps: LifecycleDeps): EvidenceStore {
  if (!deps.evidence)
    throw new Error('this function has no evidence store (see `evidence` in infra/functions.ts)');
  return deps.evidence;
}
