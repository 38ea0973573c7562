import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../infra/local/standins/journal.ts';

interface Row {
  id: string;
  status: string;
}

const dir = mkdtempSync(join(tmpdir(), 'abate-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

describe('stand-in journal', () => {
  it('reopens with every record as it was last saved, whatever the order of changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), status: fc.string() }), {
          maxLength: 40,
        }),
        (changes) => {
          const file = join(dir, `j${files++}.json`);
          const journal = openJournal<Row>(file, (row) => row.id);
          const expected = new Map<string, Row>();
          for (const change of changes) {
            journal.records.set(change.id, change);
            journal.save(change);
            expected.set(change.id, change);
          }
          const reopened = openJournal<Row>(file, (row) => row.id);
          expect(Object.fromEntries(reopened.records)).toEqual(Object.fromEntries(expected));
          // Reopening compacts: one line per record.
          if (changes.length > 0)
            expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(expected.size);
        },
      ),
    );
  });

  it('skips a last line cut short by a kill and keeps the lines before it', () => {
    const file = join(dir, 'torn.json');
    const journal = openJournal<Row>(file, (row) => row.id);
    journal.save({ id: 'a', status: 'created' });
    journal.save({ id: 'a', status: 'sending' });
    appendFileSync(file, '{"id":"a","stat');
    expect(openJournal<Row>(file, (row) => row.id).records.get('a')).toEqual({ id: 'a', status: 'sending' });
  });

  it('reads a file saved in the older format, one JSON array', () => {
    const file = join(dir, 'array.json');
    writeFileSync(file, JSON.stringify([{ id: 'x', status: 'delivered' }]));
    const journal = openJournal<Row>(file, (row) => row.id);
    expect([...journal.records.values()]).toEqual([{ id: 'x', status: 'delivered' }]);
    journal.save({ id: 'y', status: 'created' });
    expect(openJournal<Row>(file, (row) => row.id).records.size).toBe(2);
  });
});
