/**
 * Secrets the functions read at run time, by the logical names used in `FunctionSpec.secrets`.
 * The stack stores each in Secrets Manager and hands functions only the ARN.
 */
export interface SecretDescription {
  envVar: string;
  description: string;
  /** Why there is no automatic rotation (the cdk-nag acknowledgement quotes it). */
  manualRotationReason: string;
}

const sharedWithProvider =
  'Shared with an outside provider: rotating it is a change coordinated with that provider, done by an operator with put-secret-value (DEPLOY.md), not by a rotation Lambda';

const knownSecrets: Record<string, Omit<SecretDescription, 'envVar'>> = {
  payment: {
    description: 'HMAC-SHA256 key shared with the payment provider to sign payment notifications',
    manualRotationReason: sharedWithProvider,
  },
  notifications: {
    description: 'GOV.UK Notify API key (letters, email, text messages)',
    manualRotationReason: sharedWithProvider,
  },
  notifyCallback: {
    description: 'Bearer token GOV.UK Notify sends with delivery receipts (set the same value in Notify)',
    manualRotationReason: sharedWithProvider,
  },
  payApi: {
    description: 'GOV.UK Pay API key, to create card payments for fixed penalties',
    manualRotationReason: sharedWithProvider,
  },
  payWebhook: {
    description: "GOV.UK Pay webhook signing secret, to check the Pay-Signature of Pay's webhooks",
    manualRotationReason: sharedWithProvider,
  },
  trackingToken: {
    description:
      "Key that derives residents' case tracking tokens; changing it invalidates every link already sent",
    manualRotationReason:
      'Tracking links already sent to residents are derived from this key; rotating it would lock every resident out of their case, so it changes only by a deliberate operator decision',
  },
  open311Clients: {
    description:
      'Open311 clients and their API keys, as JSON {"<client id>": "<hex SHA-256 of its key>"}: only hashes are stored',
    manualRotationReason: sharedWithProvider,
  },
};

/** `payment` → `PAYMENT`, `trackingToken` → `TRACKING_TOKEN` (the handlers' `readSecret` does the same). */
function constantCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

export function describeSecret(name: string): SecretDescription {
  const known = knownSecrets[name];
  return {
    envVar: `${constantCase(name)}_SECRET_ARN`,
    description: known?.description ?? `Abate secret "${name}"`,
    manualRotationReason:
      known?.manualRotationReason ??
      'Read by Abate functions and possibly held by another party; an operator rotates it with put-secret-value as DEPLOY.md describes',
  };
}

export function secretName(stage: string, name: string): string {
  return `abate/${stage}/${name}`;
}
