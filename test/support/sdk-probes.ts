/** Probes for tests that compare a client's direct path on the local stack with the whole SDK. */

/**
 * Records the operation (`X-Amz-Target`) of every request that reaches an SDK client's HTTP
 * transport, so a test can tell a command that went through the SDK from one that did not.
 */
export function requestsThroughTransport(client: { config: { requestHandler: unknown } }): string[] {
  const seen: string[] = [];
  const handler = client.config.requestHandler as { handle: (request: { headers: object }) => unknown };
  const handle = handler.handle.bind(handler);
  handler.handle = (request) => {
    seen.push(String((request.headers as Record<string, string>)['x-amz-target']));
    return handle(request);
  };
  return seen;
}

/**
 * Records the command name of every call a client is given, through middleware added in the
 * initialize step, where a counter of requests would sit (a middleware on the client changes
 * whether the local stack's direct path is taken, which is what some tests check).
 */
export function commandsSeen(client: {
  middlewareStack: { add: (middleware: never, options: { step: 'initialize'; name: string }) => void };
}): string[] {
  const seen: string[] = [];
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown) => {
      seen.push(String(context.commandName));
      return next(args);
    };
  client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'commandsSeen' });
  return seen;
}

/**
 * What a call came to, comparable between two paths: its answer without the transport's metadata,
 * or the refusal's name, message and exception class.
 */
export function outcome(
  promise: Promise<unknown>,
): Promise<{ answer: Record<string, unknown> } | { refused: string; message: string; sdkClass: string }> {
  return promise.then(
    (answer) => {
      const { $metadata, ...rest } = answer as { $metadata: unknown };
      return { answer: rest };
    },
    (error: Error) => ({
      refused: error.name,
      message: error.message,
      sdkClass: Object.getPrototypeOf(error).constructor.name,
    }),
  );
}
