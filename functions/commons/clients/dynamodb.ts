/**
 * The DynamoDB document client. In AWS the SDK finds its region and credentials itself; the local
 * stack points it at dynalite through `DYNAMODB_ENDPOINT`.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DirectSend, sendDirectlyFirst } from './local-direct.ts';

let shared: { endpoint: string | undefined; raw: DynamoDBClient; doc: DynamoDBDocumentClient } | undefined;

/**
 * Local only: the local stack may instrument every client the handlers build (fault injection in
 * tests, capacity counting in benchmarks). Only clients with a local endpoint are touched, so in
 * AWS this never applies.
 */
let instrumentLocalClient: ((client: DynamoDBClient) => void) | undefined;

export function instrumentLocalDynamoClients(
  instrument: ((client: DynamoDBClient) => void) | undefined,
): void {
  instrumentLocalClient = instrument;
  shared = undefined;
}

/**
 * Local only: the client configuration for a local endpoint, handed over by the local stack (an
 * in-process transport to dynalite), and optionally a way to send a document client's commands
 * below the SDK, straight to dynalite (`direct`, given each client as it is made; it answers
 * undefined for a command the SDK must send). Nothing registers one in AWS, so there it never
 * applies.
 */
type LocalClients = {
  config: DynamoDBClientConfig;
  direct?: ((client: DynamoDBClient) => DirectSend) | undefined;
};
const localClients = new Map<string, LocalClients>();
const directSends = new WeakMap<DynamoDBClient, DirectSend>();

export function configureLocalDynamoClients(
  endpoint: string,
  config: DynamoDBClientConfig | undefined,
  direct?: (client: DynamoDBClient) => DirectSend,
): void {
  if (config) localClients.set(endpoint, { config, direct });
  else localClients.delete(endpoint);
  shared = undefined;
}

export function createDynamoClient(env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const endpoint = env.DYNAMODB_ENDPOINT;
  const local = endpoint ? localClients.get(endpoint) : undefined;
  const client = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: env.AWS_REGION ?? 'eu-west-2',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          ...local?.config,
        }
      : {},
  );
  // Before any instrumentation: what is added from here on, the direct sends run as the SDK would.
  const direct = local?.direct?.(client);
  if (direct) directSends.set(client, direct);
  if (endpoint && instrumentLocalClient) instrumentLocalClient(client);
  return client;
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const direct = directSends.get(client);
  if (direct) sendDirectlyFirst(doc, direct);
  return doc;
}

/**
 * The client handlers share across invocations, created on first use. In Lambda the endpoint never
 * changes; the local stack may restart on another port, so a changed endpoint means a new client.
 */
export function sharedDynamo(): { raw: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!shared || shared.endpoint !== endpoint) {
    const raw = createDynamoClient();
    shared = { endpoint, raw, doc: documentClient(raw) };
  }
  return shared;
}

export function tableName(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
}
