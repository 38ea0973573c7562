/**
 * Injects DynamoDB faults into the clients the handlers build, through an SDK middleware placed
 * inside the SDK's own retry loop (as real throttles and 500s arrive): throttling, internal server
 * errors, and timeouts that strike after the write went through (the client never hears it did).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const faultKinds = ['throttle', 'server-error', 'timeout-after-write'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** A small seeded generator, so a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The error the SDK would raise for a fault of this kind. */
export function faultError(kind: FaultKind): Error {
  if (kind === 'throttle')
    return Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
  if (kind === 'server-error')
    return Object.assign(new Error('Internal server error (injected)'), {
      name: 'InternalServerError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
  return Object.assign(new Error('Connection timed out after the request was sent (injected)'), {
    name: 'TimeoutError',
    code: 'ETIMEDOUT',
    $metadata: {},
  });
}

export function dynamoFaults(options: { rate: number; seed: number }) {
  const random = seededRandom(options.seed);
  const injector = {
    rate: options.rate,
    injected: { throttle: 0, 'server-error': 0, 'timeout-after-write': 0 } as Record<FaultKind, number>,
    /** Calls that must fail on purpose, each `times` attempts in a row (the SDK tries 3 times). */
    targets: [] as { matches: (command: string, input: Record<string, unknown>) => boolean; times: number }[],
    instrument(client: DynamoDBClient) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const target = injector.targets.find(
            (candidate) =>
              candidate.times > 0 &&
              candidate.matches(String(context.commandName), args.input as Record<string, unknown>),
          );
          if (target) {
            target.times--;
            throw faultError('server-error');
          }
          if (random() >= injector.rate) return next(args);
          const kind = faultKinds[Math.floor(random() * faultKinds.length)] ?? 'throttle';
          injector.injected[kind]++;
          if (kind === 'timeout-after-write') await next(args);
          throw faultError(kind);
        },
        // Inside the SDK's retry middleware (finalizeRequest, high priority), as network faults are.
        { step: 'finalizeRequest', priority: 'low', name: 'abateInjectedDynamoFaults' },
      );
    },
  };
  return injector;
}
