/** Paging a filtered index query: DynamoDB applies Limit before the filter, so a page may come back empty. */
import { describe, expect, it } from 'vitest';
import { filteredPage } from '../../functions/domain/casework/ownership.ts';

/** An index of `total` items, `limit` evaluated per request, of which the filter keeps those in `kept`. */
function index(total: number, kept: Set<number>, limit: number) {
  const requests: number[] = [];
  const query = async (start: Record<string, unknown> | undefined) => {
    const from = start ? Number(start.at) + 1 : 0;
    requests.push(from);
    const evaluated = Array.from({ length: Math.min(limit, total - from) }, (_, i) => from + i);
    const last = evaluated.at(-1);
    return {
      Items: evaluated.filter((n) => kept.has(n)).map((n) => ({ at: n })),
      ...(last !== undefined && last < total - 1 ? { LastEvaluatedKey: { at: last } } : {}),
    };
  };
  return { query, requests };
}

describe('a filtered page', () => {
  it('reads on past requests the filter emptied until the page is full', async () => {
    const { query, requests } = index(100, new Set([3, 70, 71, 95]), 10);
    const page = await filteredPage(query, undefined, 2);
    expect(page.items).toEqual([{ at: 3 }, { at: 70 }]);
    expect(page.more).toBe(true);
    expect(requests).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it('says there is no more when the index ends before the page fills', async () => {
    const { query } = index(40, new Set([39]), 10);
    expect(await filteredPage(query, undefined, 5)).toEqual({ items: [{ at: 39 }], more: false });
  });

  it('starts where the cursor left off', async () => {
    const { query, requests } = index(40, new Set([5, 25]), 10);
    const page = await filteredPage(query, { at: 9 }, 5);
    expect(page.items).toEqual([{ at: 25 }]);
    expect(requests[0]).toBe(10);
  });
});
