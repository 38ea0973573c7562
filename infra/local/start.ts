/** `npm start`: runs Abate on this machine with no AWS account, Docker or network. */
import { resolve } from 'node:path';
import { startLocalStack } from './stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const dataDir = resolve(process.env.ABATE_DATA_DIR ?? '.abate-data');
const stack = await startLocalStack({
  dataDir,
  port: Number(process.env.PORT ?? 3000),
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
  log: (line) => console.log(JSON.stringify({ timestamp: new Date().toISOString(), service: 'abate-local', ...line })),
});

console.log(`
Abate is running locally.
  API                 ${stack.url}
  DynamoDB (dynalite) ${stack.dynamoEndpoint}  table ${stack.tableName}
  Data folder         ${dataDir}
  Local clock         POST ${stack.url}/_local/clock/advance {"days": n}
Press Ctrl+C to stop; your cases are kept in the data folder.
`);

const shutdown = async () => {
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
