/** `npm start`: runs Abate on this machine with no AWS account, Docker or network. */
import { resolve } from 'node:path';
import { startLocalStack } from './stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const dataDir = resolve(process.env.ABATE_DATA_DIR ?? '.abate-data');
const stack = await startLocalStack({
  dataDir,
  port: Number(process.env.PORT ?? 3000),
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
  // DynamoDB's work on another core than the API's event loop (ABATE_DYNAMODB_THREAD=main keeps it here).
  dynamoThread: process.env.ABATE_DYNAMODB_THREAD === 'main' ? 'main' : 'worker',
  sfnPort: Number(process.env.SFN_PORT ?? 8083),
  sweepEveryMs: Number(process.env.ABATE_SWEEP_EVERY_MS ?? 60_000),
  deliverEveryMs: Number(process.env.ABATE_DELIVER_EVERY_MS ?? 5_000),
  notifyPort: Number(process.env.NOTIFY_PORT ?? 8084),
  payPort: Number(process.env.PAY_PORT ?? 8085),
  log: (line) =>
    console.log(JSON.stringify({ timestamp: new Date().toISOString(), service: 'abate-local', ...line })),
});

console.log(`
Abate is running locally.
  API                 ${stack.url}
  Resident pages      ${stack.url}/
  Staff console       ${stack.url}/staff   (local sign-in; or: npm run -s dev-token -- caseworker)
  DynamoDB (dynalite) ${stack.dynamoEndpoint}  table ${stack.tableName}
  Step Functions      ${stack.sfnEndpoint}  (AWS CLI: --endpoint-url ${stack.sfnEndpoint})
  Data folder         ${dataDir}  (evidence files in ${stack.evidenceDir})
  Local clock         POST ${stack.url}/_local/clock/advance {"days": n} or {"hours": n}
  Payment webhook key abate-local-payment-secret (set ABATE_PAYMENT_SECRET to change it)
  GOV.UK Notify       ${stack.notify.url}  (stand-in; what it sent: ${stack.url}/staff/sent)
  GOV.UK Pay          ${stack.pay.url}  (stand-in; card 4444333322221111 pays, 4000000000000002 is declined)
Press Ctrl+C to stop; your cases are kept in the data folder.
`);

const shutdown = async () => {
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
