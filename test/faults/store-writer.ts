/**
 * Run as a child process by store-kill.test.ts (arguments: data folder, table name): opens the
 * on-disk local DynamoDB there and keeps moving items between index keys from eight writers at once, printing each
 * write as it is acknowledged, until it is killed.
 */
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable, startLocalDynamo } from '../../infra/local/dynamodb.ts';
import { caseTable } from '../../infra/table/schema.ts';

const folder = String(process.argv[2]);
const STORE_WRITER_TABLE = String(process.argv[3]);
const local = await startLocalDynamo({ path: folder });
await ensureTable(local.client, STORE_WRITER_TABLE, caseTable);
let counter = 0;
async function writer(id: number): Promise<never> {
  for (;;) {
    const n = counter++;
    const pk = `ITEM#${id}-${n % 50}`;
    if (n % 2 === 0) {
      await local.client.send(
        new PutItemCommand({
          TableName: STORE_WRITER_TABLE,
          Item: {
            pk: { S: pk },
            sk: { S: 'ITEM' },
            gsi3pk: { S: 'DUE' },
            gsi3sk: { S: `${String(n).padStart(9, '0')}#${pk}` },
            padding: { S: 'x'.repeat(2_000) },
          },
        }),
      );
    } else {
      // Moves the item's due entry: the index entry under the old key goes, one under the new comes.
      await local.client.send(
        new UpdateItemCommand({
          TableName: STORE_WRITER_TABLE,
          Key: { pk: { S: pk }, sk: { S: 'ITEM' } },
          UpdateExpression: 'SET gsi3pk = :due, gsi3sk = :at',
          ExpressionAttributeValues: {
            ':due': { S: 'DUE' },
            ':at': { S: `${String(n).padStart(9, '0')}#${pk}` },
          },
        }),
      );
    }
    process.stdout.write(`${pk}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, (_, id) => writer(id)));
