/**
 * What a stand-in keeps on disk: one JSON line appended per change of a record, so a change costs
 * one small write however many records there are (rewriting the whole list on every change made
 * the Notify stand-in's saving grow with every message sent). Loading keeps each key's last line,
 * skips a line a kill cut short, and rewrites the file compacted. A file in the older format, one
 * JSON array, loads too.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Journal<T> {
  /** Every record, by key, as last saved. */
  records: Map<string, T>;
  /** Records the record's current state (after a change). */
  save(record: T): void;
}

export function openJournal<T>(file: string | undefined, keyOf: (record: T) => string): Journal<T> {
  const records = new Map<string, T>();
  if (file && existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const saved: T[] = text.trimStart().startsWith('[') ? (JSON.parse(text) as T[]) : [];
    if (saved.length === 0) {
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          saved.push(JSON.parse(line) as T);
        } catch {
          // The last line of a process killed mid-write: the change it held was never answered.
        }
      }
    }
    for (const record of saved) records.set(keyOf(record), record);
    const compacted = [...records.values()].map((record) => `${JSON.stringify(record)}\n`).join('');
    writeFileSync(`${file}.tmp`, compacted);
    renameSync(`${file}.tmp`, file);
  }
  return {
    records,
    save(record) {
      if (file) appendFileSync(file, `${JSON.stringify(record)}\n`);
    },
  };
}
