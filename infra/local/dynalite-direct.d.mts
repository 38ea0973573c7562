import type { Server } from 'node:http';

/** dynalite's store (its tables and items), internal to the server it makes. */
export type DynaliteStore = object;

/** A refusal from dynalite: the status and JSON body its HTTP front would have answered with. */
export type DynaliteError = Error & {
  statusCode?: number;
  body?: { __type?: string; message?: string; Message?: string };
};

export type DynaliteChecks = 'full' | 'own';

export function startDynalite(options: Record<string, unknown>): {
  server: Server;
  store: DynaliteStore | undefined;
};

export function runOperation(
  store: DynaliteStore,
  operation: string,
  body: Record<string, unknown>,
  checks: DynaliteChecks,
): Promise<Record<string, unknown>>;
