/**
 * Text that people type into the public forms: names, addresses, descriptions.
 *
 * - Invisible formatting is stripped: bidirectional embeddings, overrides and isolates
 *   (U+202A–U+202E, U+2066–U+2069), direction marks (U+200E, U+200F, U+061C), zero-width space and
 *   word joiner (U+200B, U+2060), byte order mark (U+FEFF) and soft hyphen (U+00AD). They arrive
 *   from honest copy and paste as often as from mischief, removing them never changes the words a
 *   caseworker reads, and a stored override could make a name display as something else.
 * - Control characters are refused (400 with a message): C0 and C1 controls and DEL, and line and
 *   paragraph separators; multi-line fields keep tab and line breaks. No keyboard types them, so
 *   they mean a broken or hostile client, and guessing what was meant would be worse than asking.
 * - Unpaired surrogates (text that is not valid Unicode) are refused.
 * - Zero-width joiner and non-joiner stay: Persian, Indic scripts and emoji need them.
 * - Text is stored in NFC, so one name typed two ways is stored one way.
 */
import * as z from 'zod';

const INVISIBLE_FORMATTING = /[\u00AD\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
// \p{Cc} is C0, DEL and C1.
const CONTROL_IN_LINE = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_IN_TEXT = /(?![\t\n\r])\p{Cc}|[\u2028\u2029]/u;
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** Removes invisible formatting characters and composes the text (NFC). */
export function withoutInvisibleFormatting(text: string): string {
  return text.replace(INVISIBLE_FORMATTING, '').normalize('NFC');
}

const capitalised = (what: string) => `${what[0]?.toUpperCase()}${what.slice(1)}`;

/**
 * A required free-text field: `what` completes "Enter …" ("a description of the noise").
 * One line unless `multiline`; at most `max` characters after trimming.
 */
export function freeText(what: string, max: number, options: { multiline?: boolean } = {}) {
  const control = options.multiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE;
  return z
    .string({ error: `Enter ${what}` })
    .overwrite(withoutInvisibleFormatting)
    .trim()
    .min(1, { error: `Enter ${what}` })
    .max(max, { error: `${capitalised(what)} must be ${max} characters or fewer` })
    .refine((text) => !UNPAIRED_SURROGATE.test(text), {
      error: `${capitalised(what)} has characters we cannot read; type it again`,
      abort: true,
    })
    .refine((text) => !control.test(text), {
      error: options.multiline
        ? `${capitalised(what)} must not contain control characters`
        : `${capitalised(what)} must be one line, without control characters`,
      abort: true,
    });
}

/** A person's name: free text on one line, spaces collapsed, with at least one letter in any script. */
export function personName(what: string, max: number) {
  return freeText(what, max)
    .overwrite((name) => name.replace(/\s+/g, ' '))
    .refine((name) => /\p{L}/u.test(name), { error: `Enter ${what} in letters` });
}
