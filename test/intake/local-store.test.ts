import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';

// One stack at a time in this file: the handlers read their endpoints from the process environment.
describe('the local store on disk', () => {
  it('keeps cases across a restart of the local stack', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'abate-restart-'));
    try {
      const first = await startTestStack({ dataDir });
      const reported = await call(first.stack, 'POST', '/complaints', { json: complaintBody() });
      expect(reported.status).toBe(201);
      await first.close();

      const second = await startTestStack({ dataDir });
      try {
        const view = await call(second.stack, 'GET', `/cases/${reported.body.caseRef}/progress`, {
          headers: { 'x-tracking-token': reported.body.trackingToken },
        });
        expect(view.status).toBe(200);
        expect(view.body.caseRef).toBe(reported.body.caseRef);
        const next = await call(second.stack, 'POST', '/complaints', { json: complaintBody() });
        expect(next.body.caseRef).not.toBe(reported.body.caseRef);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
