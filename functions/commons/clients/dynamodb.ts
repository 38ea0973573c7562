/**
 * The DynamoDB document client. In AWS the SDK finds its region and credentials itself; the local
 * stack points it at dynalite through `DYNAMODB_ENDPOINT`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDynamoClient(env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const endpoint = env.DYNAMODB_ENDPOINT;
  return new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: env.AWS_REGION ?? 'eu-west-2',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let shared: { raw: DynamoDBClient; doc: DynamoDBDocumentClient } | undefined;

/** The client handlers share across invocations (created on first use, after env is set). */
export function sharedDynamo(): { raw: DynamoDBClient; doc: DynamoDBDocumentClient } {
  if (!shared) {
    const raw = createDynamoClient();
    shared = { raw, doc: documentClient(raw) };
  }
  return shared;
}

export function tableName(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
}
