/**
 * Staff sign-in for the local stack only: tokens signed with a local key that the AWS deployment
 * never trusts (there, API Gateway accepts only the Cognito user pool's tokens).
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { localSecretDefaults } from '../../functions/commons/secrets.ts';

export const DEV_ISSUER = 'abate-local-dev';
export const DEV_AUDIENCE = 'abate-staff';
export const staffGroups = ['caseworker', 'manager', 'facilitator'] as const;
/** A working day: a token left in a shell history or a browser is useless by the next morning. */
export const DEV_TOKEN_LIFETIME = '8h';

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
    .setExpirationTime(options.expiresIn ?? DEV_TOKEN_LIFETIME)
    .sign(options.key ?? key());
}

/** What the local authorizer decided: the token's claims, or why it was refused. */
export type DevTokenCheck = { claims: Record<string, unknown> } | { refused: string };

/**
 * The local stand-in for API Gateway's JWT authorizer. A token is refused after its `exp`, and
 * after 8 hours from its `iat` whatever `exp` it carries, so a long-lived token cannot be minted.
 */
export async function verifyDevToken(authorization: string | undefined): Promise<DevTokenCheck> {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return { refused: 'Sign in: send Authorization: Bearer <token>' };
  try {
    const { payload } = await jwtVerify(token, key(), {
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: ['HS256'],
      maxTokenAge: DEV_TOKEN_LIFETIME,
      requiredClaims: ['iat', 'exp'],
    });
    return { claims: payload as Record<string, unknown> };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { refused: `Your sign-in has expired (local tokens last ${DEV_TOKEN_LIFETIME}): sign in again` };
    }
    return { refused: 'This token is not one the local stack issued: sign in again' };
  }
}
