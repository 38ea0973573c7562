/** GOV.UK Pay (or the local stand-in, through `PAY_BASE_URL`) with its API key from Secrets Manager. */
import { readSecret } from '../../commons/secrets.ts';
import { PAY_PRODUCTION_URL, type PayClient, payClient } from './client.ts';

let cached: { key: string; client: PayClient } | undefined;

export async function sharedPayClient(): Promise<PayClient> {
  const apiKey = await readSecret('payApi');
  const baseUrl = process.env.PAY_BASE_URL ?? PAY_PRODUCTION_URL;
  const key = `${baseUrl}|${apiKey}`;
  if (cached?.key !== key) cached = { key, client: payClient({ baseUrl, apiKey }) };
  return cached.client;
}
