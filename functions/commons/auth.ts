/**
 * Who is calling a staff route. API Gateway's JWT authorizer (Cognito in AWS, the local dev key
 * locally) has already checked the token; handlers still check the groups themselves.
 */
import type { Caller } from '../domain/lifecycle/deps.ts';
import { forbidden, unauthorized } from './errors.ts';

type Claims = Record<string, unknown>;

/** API Gateway passes array claims as a string like "[caseworker manager]". */
function groupsFrom(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') {
    return value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return [];
}

export function callerOf(event: { requestContext: unknown }): Caller {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt
    ?.claims;
  const id = claims?.sub;
  if (!claims || typeof id !== 'string') throw unauthorized();
  const name = claims.name ?? claims['cognito:username'];
  return { id, groups: groupsFrom(claims['cognito:groups']), ...(typeof name === 'string' ? { name } : {}) };
}

export function requireAnyGroup(caller: Caller, groups: readonly string[]): void {
  if (!caller.groups.some((group) => groups.includes(group))) {
    throw forbidden(`This needs one of these roles: ${groups.join(', ')}`);
  }
}
