/**
 * The local store under kill -9: `npm start` keeps its tables on disk, and a process killed
 * mid-write must leave every item and its index entries agreeing (an item the due index lost is
 * never swept; an index entry without its item resurrects work that never started).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalDynamo } from '../../infra/local/dynamodb.ts';

const STORE_WRITER_TABLE = 'abate-kill-test';
const projectRoot = resolve(import.meta.dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'abate-store-kill-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `writes` writes, then kills it with SIGKILL. */
async function writeThenKill(writes: number): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/faults/store-writer.ts', folder, STORE_WRITER_TABLE],
    {
      cwd: projectRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let acknowledged = 0;
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += String(chunk);
  });
  const exited = new Promise((done) => child.once('exit', done));
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      acknowledged += String(chunk).split('\n').length - 1;
      if (acknowledged >= writes) done();
    });
    child.once('exit', () => fail(new Error(`the writer stopped by itself: ${errors}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return acknowledged;
}

describe('the on-disk local store killed mid-write', () => {
  it('keeps every item and its due-index entry in agreement across repeated kills', async () => {
    for (const writes of [400, 700, 1_000])
      expect(await writeThenKill(writes)).toBeGreaterThanOrEqual(writes);

    const local = await startLocalDynamo({ path: folder });
    try {
      const { Items: items = [] } = await local.client.send(
        new ScanCommand({ TableName: STORE_WRITER_TABLE }),
      );
      const { Items: entries = [] } = await local.client.send(
        new QueryCommand({
          TableName: STORE_WRITER_TABLE,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :due',
          ExpressionAttributeValues: { ':due': { S: 'DUE' } },
        }),
      );
      const fromItems = items.map((item) => `${item.pk?.S} ${item.gsi3sk?.S}`).sort();
      const fromIndex = entries.map((entry) => `${entry.pk?.S} ${entry.gsi3sk?.S}`).sort();
      expect(items.length).toBeGreaterThan(100);
      expect(fromIndex).toEqual(fromItems);
    } finally {
      await local.close();
    }
  }, 120_000);
});
