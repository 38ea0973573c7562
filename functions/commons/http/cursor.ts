/**
 * Paging cursors: the key of the last item of a page, as opaque URL-safe text. Decoding trusts
 * nothing a client sends: the cursor must be one this module could have written, with exactly the
 * attributes the list expects, short printable strings, and the values that pin it to that list
 * (a cursor from another status cannot page through this one). Anything else is a 400 on `cursor`.
 */
import { AppError } from '../errors.ts';

const VERSION = 'c1';
const MAX_CURSOR_LENGTH = 2000;
const VALUE = /^[\x20-\x7e]{1,512}$/;

export type CursorKey = Record<string, string>;

export interface CursorShape {
  /** The key attributes a position has, e.g. table key and index key. */
  attributes: readonly string[];
  /** Attributes whose value is fixed by the request, e.g. `{ gsi1pk: 'STATUS#received' }`. */
  expect?: Record<string, string>;
  /** The query parameter's name in the field message. */
  field?: string;
}

export function encodeCursor(key: CursorKey): string {
  return `${VERSION}.${Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')}`;
}

function badCursor(field: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', 'The request has problems in some fields', [
    {
      path: field,
      message: 'This cursor is not one we gave out for this list; start again from the first page',
    },
  ]);
}

/** The key a cursor stands for; throws a 400 (never a 500) for anything that is not a valid cursor. */
export function decodeCursor(cursor: string, shape: CursorShape): CursorKey {
  const field = shape.field ?? 'cursor';
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw badCursor(field);
  const [version, payload, ...rest] = cursor.split('.');
  if (version !== VERSION || !payload || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(payload)) {
    throw badCursor(field);
  }
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw badCursor(field);
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw badCursor(field);
  const entries = Object.entries(key);
  const names = entries.map(([name]) => name).sort();
  const wanted = [...shape.attributes].sort();
  if (names.length !== wanted.length || names.some((name, i) => name !== wanted[i])) throw badCursor(field);
  for (const [name, value] of entries) {
    if (typeof value !== 'string' || !VALUE.test(value)) throw badCursor(field);
    const fixed = shape.expect?.[name];
    if (fixed !== undefined && value !== fixed) throw badCursor(field);
  }
  return Object.fromEntries(entries) as CursorKey;
}
