/** CDK entry point (`cdk.json`): `npx cdk synth -c stage=prod`. */
import { buildApp } from './stack.ts';

buildApp({
  nag: true,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
