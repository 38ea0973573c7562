/**
 * Local only: the local stack may hand a client a way to send its commands straight to the local
 * service in this process (dynalite, the Step Functions runtime), below the SDK. Nothing registers
 * one in AWS, so there every command goes through the SDK.
 */

/** Sends one command directly, or answers undefined when the SDK must send it. */
export type DirectSend = (command: object) => Promise<unknown> | undefined;

/**
 * Makes `client.send` try `direct` first; a command it declines, or one sent with options or a
 * callback, goes through the SDK as before.
 */
export function sendDirectlyFirst(client: { send: unknown }, direct: DirectSend): void {
  const viaSdk = (client.send as (...args: unknown[]) => Promise<unknown>).bind(client);
  client.send = (command: object, ...rest: unknown[]) =>
    (rest.length === 0 ? direct(command) : undefined) ?? viaSdk(command, ...rest);
}
