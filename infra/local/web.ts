/** Serves the web front ends (resident pages at `/`, staff console at `/staff`) from the local gateway. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export async function serveWeb(_request: IncomingMessage, _response: ServerResponse): Promise<boolean> {
  return false;
}
