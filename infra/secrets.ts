/**
 * Secrets the functions read at run time, by the logical names used in `FunctionSpec.secrets`.
 * The stack stores each in Secrets Manager and hands functions only the ARN.
 */
export interface SecretDescription {
  envVar: string;
  description: string;
}

const knownSecrets: Record<string, SecretDescription> = {
  payment: {
    envVar: 'PAYMENT_SECRET_ARN',
    description: 'HMAC-SHA256 key shared with the payment provider to sign payment notifications',
  },
  notifications: {
    envVar: 'NOTIFICATIONS_SECRET_ARN',
    description: 'API key of the notification (letters, email, SMS) provider',
  },
};

export function describeSecret(name: string): SecretDescription {
  const known = knownSecrets[name];
  if (known) return known;
  const constantCase = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
  return { envVar: `${constantCase}_SECRET_ARN`, description: `Abate secret "${name}"` };
}

export function secretName(stage: string, name: string): string {
  return `abate/${stage}/${name}`;
}
