/**
 * Runs Lambda handlers in this process by registry id: the module named by a `FunctionSpec.entry`
 * is imported once and its `handler` export called with the payload and a Lambda-like context.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InvokeFunction } from './engine.ts';

export interface FunctionModuleSpec {
  id: string;
  entry: string;
  timeoutSeconds?: number;
  memoryMb?: number;
}

type Handler = (event: unknown, context: Record<string, unknown>) => unknown;

/**
 * Set by `npm start`'s launcher (`infra/local/launch.mjs`), which runs a compiled build: each
 * entry's compiled module by its `entry` path. Without it, the entry's source is imported.
 */
const compiledEntries = () =>
  (globalThis as { [key: symbol]: unknown })[Symbol.for('abate.local.entries')] as
    | Record<string, () => Promise<{ handler?: Handler }>>
    | undefined;

export function invokerFromModules(specs: FunctionModuleSpec[], projectRoot = process.cwd()): InvokeFunction {
  const byId = new Map(specs.map((spec) => [spec.id, spec]));
  const loaded = new Map<string, Promise<Handler>>();
  const load = (spec: FunctionModuleSpec): Promise<Handler> => {
    let handler = loaded.get(spec.id);
    if (!handler) {
      const compiled = compiledEntries()?.[spec.entry];
      const module: Promise<{ handler?: Handler }> = compiled
        ? compiled()
        : import(pathToFileURL(resolve(projectRoot, spec.entry)).href);
      handler = module.then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${spec.entry} exports no handler`);
        return module.handler;
      });
      loaded.set(spec.id, handler);
    }
    return handler;
  };
  return async (functionId, payload) => {
    const spec = byId.get(functionId);
    if (!spec) throw new Error(`no local function ${functionId}`);
    const handler = await load(spec);
    const deadline = Date.now() + (spec.timeoutSeconds ?? 30) * 1000;
    return handler(payload, {
      functionName: functionId,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionId}`,
      memoryLimitInMB: String(spec.memoryMb ?? 256),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionId}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    });
  };
}
