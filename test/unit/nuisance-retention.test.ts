/** Retention reaches the free text the statutory nuisance and Noise Act routes record. */
import { describe, expect, it } from 'vitest';
import { REMOVED, redact } from '../../functions/domain/lifecycle/retention.ts';

describe('retention of the new routes’ records', () => {
  it('removes staff’s own words from decisions, works in default and measurements, and keeps levels and dates', () => {
    const redacted = redact({
      details: {
        finding: 'Heard from Ann’s bedroom at 1 Mare Street',
        steps: 'Spoke to Jo at the door',
        works: 'Remove the amplifier',
        contractor: 'Acme Sound Ltd',
        plannedFor: '2027-01-04',
      },
      exceedance: {
        levelDb: 52,
        permittedDb: 40,
        measuredFrom: '1 Mare Street, back bedroom',
        note: 'Ann was present',
      },
    });
    expect(redacted).toEqual({
      details: {
        finding: REMOVED,
        steps: REMOVED,
        works: REMOVED,
        contractor: REMOVED,
        plannedFor: '2027-01-04',
      },
      exceedance: { levelDb: 52, permittedDb: 40, measuredFrom: REMOVED, note: REMOVED },
    });
  });
});
