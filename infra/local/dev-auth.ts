/**
 * Staff sign-in for the local stack only: tokens signed with a local key that the AWS deployment
 * never trusts (there, API Gateway accepts only the Cognito user pool's tokens).
 */
import { jwtVerify, SignJWT } from 'jose';
import { localSecretDefaults } from '../../functions/commons/secrets.ts';

export const DEV_ISSUER = 'abate-local-dev';
export const DEV_AUDIENCE = 'abate-staff';
export const staffGroups = ['caseworker', 'manager', 'facilitator'] as const;

const key = () =>
  new TextEncoder().encode(process.env.ABATE_DEV_SIGNING_SECRET ?? localSecretDefaults.devSigning);

export async function signDevToken(
  group: string,
  options: { name?: string; sub?: string; expiresIn?: string; issuer?: string; key?: Uint8Array } = {},
): Promise<string> {
  const sub = options.sub ?? `dev-${group}-${options.name?.toLowerCase().replace(/[^a-z0-9]+/g, '-') ?? '1'}`;
  return new SignJWT({ 'cognito:groups': [group], name: options.name ?? `Local ${group}` })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(options.key ?? key());
}

/** The local stand-in for API Gateway's JWT authorizer: claims if the token is good, else undefined. */
export async function verifyDevToken(
  authorization: string | undefined,
): Promise<Record<string, unknown> | undefined> {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, key(), {
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: ['HS256'],
    });
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
