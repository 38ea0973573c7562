/**
 * Secrets by logical name. In AWS the stack gives a function `<NAME>_SECRET_ARN` and the value is
 * read from Secrets Manager (cached); locally `ABATE_<NAME>_SECRET` may set it, and the documented
 * local defaults apply only when `ABATE_LOCAL=true`, which the AWS deployment never sets.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

export const localSecretDefaults: Record<string, string> = {
  payment: 'abate-local-payment-secret',
  trackingToken: 'abate-local-tracking-token-secret',
  devSigning: 'abate-local-dev-signing-key-not-for-production',
  // One Open311 client, `fixmystreet-local`, whose api_key is `abate-local-open311-key`.
  open311Clients: '{"fixmystreet-local":"0d8de1bfc3ccc8b42739395691463a6a41a2ae0c694d79be475497bf5b8a11ac"}',
};

function constantCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

export async function readSecret(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const key = constantCase(name);
  const arn = env[`${key}_SECRET_ARN`];
  if (arn) {
    const value = await getSecret<string>(arn, { maxAge: 300 });
    if (typeof value !== 'string' || value.length === 0) throw new Error(`secret ${name} is empty`);
    return value;
  }
  const direct = env[`ABATE_${key}_SECRET`];
  if (direct) return direct;
  const fallback = localSecretDefaults[name];
  if (env.ABATE_LOCAL === 'true' && fallback) return fallback;
  throw new Error(`secret ${name} is not configured (set ${key}_SECRET_ARN)`);
}
