/**
 * Which place a report is about: two reports about one dwelling must find one case, and reports
 * about two dwellings (two flats in one building, a flat and the whole house) must never share one.
 * The key is a hash of the canonical form below with the postcode, so it carries no address.
 *
 * When unsure, the rules keep two places apart: a duplicate case can be merged by a caseworker, but
 * two households in one case would send one household's letters to the other.
 *
 * How an address becomes its identity (line1 and line2 are read together; town is ignored because
 * the postcode decides):
 *
 *  1. Text. NFKC, then every Unicode decimal digit (Arabic-Indic, Devanagari, full-width…) becomes
 *     its ASCII digit; lower case; accents on Latin letters dropped ("Tŷ" = "Ty", "Café" = "Cafe");
 *     apostrophes dropped ("St John's" = "St Johns"); "&" = "and". Commas, semicolons and line
 *     breaks separate parts; any other punctuation is a space ("3/77" = "3 77").
 *  2. Numbers. Leading zeros go ("Flat 03" = "Flat 3"); a letter after a number joins it ("77 A" =
 *     "77a", but "77a" ≠ "77"); "77-79", "77 – 79" and "77 to 79" are one range, not 77; "No.",
 *     "Nos" and "Number" before a number go. The Welsh article "y" never joins a number.
 *  3. Words. Abbreviations become one word wherever they stand: rd/road, ave/avenue, ln/lane,
 *     ct/court, dr/drive, gdns/gardens, hse/house… "St", "Street" and "Saint" are all "st": no
 *     street is called both "High Saint" and "High Street", so the role of the word never matters
 *     and "ct" needs no guess about whether it is a street type or a building. "The" goes.
 *  4. Parts of a building, in any line and in any order: flat/apartment/apt/fflat (one kind),
 *     maisonette, studio, unit, suite, room, block, each with its number, letter or range
 *     ("Flat 3", "Apt 3b", "Flat B", "Unit G1"). Kinds stay apart: "Unit 3" ≠ "Flat 3".
 *  5. Floors: "ground floor flat", "GFF", "basement flat", "basement", "lower ground floor",
 *     "first floor flat" = "1st floor", "top floor flat" = "top flat", "garden flat", "upper/lower/
 *     rear/front flat" ("Basement flat 12 High St": 12 is the building's number). A floor counts only when no numbered flat is given ("Flat 2, First Floor"
 *     = "Flat 2"); otherwise "Ground floor flat" ≠ "First floor flat" ≠ "77 Graham Road".
 *  6. A bare number before the building number is a flat: "3, 77 Graham Road" = "3/77 Graham
 *     Road" = "Flat 3, 77 Graham Road" (the usual written form of a flat number). A number before
 *     a block name is a flat too: "3 Wren House" = "Flat 3, Wren House" (house, mansions, tower,
 *     building, apartments, flats, chambers, block).
 *  7. What remains are the premise's parts: a building name ("Wren House", "Victoria Mansions",
 *     "The Old Rectory") and the number with its street. Each part is split at commas and line
 *     breaks, before a number, and after a building word not followed by a street word ("Wren House
 *     77 Graham Rd" = "Wren House, 77 Graham Road", but "12 Mill Road" stays whole); the parts are then sorted, so their order does not matter. A building name
 *     counts: "Flat 3, Wren House" ≠ "Flat 3, Alder House", and ≠ "Flat 3" at the street number alone.
 *  8. Localities: after the numbered street, parts with no number are a district or town and go
 *     ("77 Graham Road, Dalston" = "77 Graham Road"), unless they end in a building word. With no
 *     numbered street, only parts with neither a street word nor a building word go ("Rose Cottage,
 *     Little Snoring" = "Rose Cottage"). A locality typed on the same line as the street, with no
 *     comma, is kept: such a report makes its own case, which a caseworker can merge.
 */
import { createHash } from 'node:crypto';

export interface SourceAddress {
  line1: string;
  line2?: string | undefined;
  postcode: string;
}

/** The canonical parts of a place, before hashing: for tests and for explaining a match. */
export interface SourceIdentity {
  postcode: string;
  /** Sorted `kind:id`, e.g. `flat:3`, `floor:ground`, `room:2`. */
  subUnits: string[];
  /** Sorted parts, e.g. `77 graham road`, `wren house`. */
  premise: string[];
}

const KEY_VERSION = 'source/v2';
const BREAK = '|';
const RANGE = '~';

/** Words that mean the same thing, to the one spelling the identity uses. */
const SYNONYMS: Record<string, string> = {
  street: 'st',
  saint: 'st',
  rd: 'road',
  av: 'avenue',
  ave: 'avenue',
  avn: 'avenue',
  ln: 'lane',
  dr: 'drive',
  drv: 'drive',
  cl: 'close',
  clo: 'close',
  cres: 'crescent',
  cresc: 'crescent',
  crs: 'crescent',
  ter: 'terrace',
  terr: 'terrace',
  tce: 'terrace',
  gro: 'grove',
  grv: 'grove',
  pl: 'place',
  sq: 'square',
  gdns: 'gardens',
  mws: 'mews',
  wk: 'walk',
  pde: 'parade',
  ct: 'court',
  crt: 'court',
  pk: 'park',
  vw: 'view',
  blvd: 'boulevard',
  cswy: 'causeway',
  esp: 'esplanade',
  hwy: 'highway',
  yd: 'yard',
  hse: 'house',
  bldg: 'building',
  bldgs: 'buildings',
  twr: 'tower',
  cott: 'cottage',
  cotts: 'cottages',
  apts: 'apartments',
  blk: 'block',
  ctr: 'centre',
  center: 'centre',
  nth: 'north',
  sth: 'south',
  upr: 'upper',
  lwr: 'lower',
  gt: 'great',
  flt: 'flat',
  fflat: 'flat',
  apartment: 'flat',
  apt: 'flat',
  appt: 'flat',
  apmt: 'flat',
  rm: 'room',
  flr: 'floor',
  fl: 'floor',
  grd: 'ground',
  gnd: 'ground',
  grnd: 'ground',
  bsmt: 'basement',
  ß: 'ss',
};

const NUMBER_MARKERS = new Set(['no', 'nos', 'number', 'num']);
const SUB_UNIT_KINDS = new Set(['flat', 'maisonette', 'studio', 'unit', 'suite', 'room', 'block']);
/** Kinds that are a whole dwelling: a numbered one makes any floor description redundant. */
const DWELLINGS = new Set(['flat', 'maisonette', 'studio']);

const ORDINALS: Record<string, string> = {
  first: '1',
  second: '2',
  third: '3',
  fourth: '4',
  fifth: '5',
  sixth: '6',
  seventh: '7',
  eighth: '8',
  ninth: '9',
  tenth: '10',
};
const FLOOR_NAMES = new Set(['ground', 'basement', 'top', 'garden', 'lower', 'upper', 'rear', 'front']);
/** Estate agents' shorthand: ground/first/second/third floor flat, lower ground floor. */
const FLOOR_SHORTHAND: Record<string, string> = {
  gff: 'ground',
  ffl: '1',
  fff: '1',
  sff: '2',
  tff: '3',
  lgf: 'lower-ground',
  lgff: 'lower-ground',
};

/** Words that end a building's name. */
const BUILDING_WORDS = new Set([
  'house',
  'mansions',
  'tower',
  'towers',
  'building',
  'buildings',
  'apartments',
  'flats',
  'chambers',
  'block',
  'lodge',
  'cottage',
  'hall',
  'farm',
  'farmhouse',
  'barn',
  'bungalow',
  'villa',
  'rectory',
  'vicarage',
  'annexe',
  'annex',
  'mill',
  'works',
  'centre',
]);
/** Buildings of flats: a number before their name is a flat number ("3 Wren House"). */
const BLOCK_WORDS = new Set([
  'house',
  'mansions',
  'tower',
  'towers',
  'building',
  'apartments',
  'flats',
  'chambers',
  'block',
]);

/** Street words, English and Welsh, wherever they stand in the name. */
const STREET_WORDS = new Set([
  'st',
  'road',
  'avenue',
  'lane',
  'drive',
  'close',
  'crescent',
  'terrace',
  'way',
  'grove',
  'place',
  'square',
  'gardens',
  'mews',
  'walk',
  'row',
  'parade',
  'court',
  'hill',
  'rise',
  'green',
  'park',
  'view',
  'vale',
  'gate',
  'approach',
  'boulevard',
  'broadway',
  'causeway',
  'circus',
  'embankment',
  'esplanade',
  'highway',
  'passage',
  'path',
  'promenade',
  'quay',
  'wharf',
  'yard',
  'chase',
  'croft',
  'fields',
  'meadow',
  'meadows',
  'heol',
  'ffordd',
  'stryd',
  'lon',
  'rhodfa',
  'cilgant',
  'teras',
  'maes',
]);

/** Every Unicode decimal digit as its ASCII digit; digits come in runs of ten starting at zero. */
function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0) ?? 0;
    if (code < 128) return digit;
    let start = code;
    while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((code - start) % 10);
  });
}

function fold(text: string): string {
  return asciiDigits(text.normalize('NFKC'))
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/&/g, ' and ');
}

function tokenise(text: string): string[] {
  const ranged = text.replace(
    /(\d+)\s*(\p{L}?)\s*(?:[-‐‑‒–—]|\bto\b)\s*(\d+)\s*(\p{L}?)(?![\p{L}\p{N}])/gu,
    (_m, from: string, fromSuffix: string, to: string, toSuffix: string) =>
      ` ${from}${fromSuffix}${RANGE}${to}${toSuffix} `,
  );
  const tokens: string[] = [];
  for (const part of ranged.split(/[,;\n\r\u2028\u2029|]+/)) {
    const words = part
      .replace(/[^\p{L}\p{N}~]+/gu, ' ')
      .split(' ')
      .filter(Boolean);
    if (words.length === 0) continue;
    if (tokens.length > 0) tokens.push(BREAK);
    tokens.push(...words);
  }
  return tokens;
}

const isDigitLed = (token: string | undefined) => token !== undefined && /^\d/.test(token);
const isWord = (token: string | undefined) => token !== undefined && token !== BREAK && !isDigitLed(token);

/** A flat's number or letter: 3, 3a, 3~5, B, G1. */
function isUnitId(token: string | undefined): token is string {
  return token !== undefined && /^(?:\d+\p{L}?(?:~\d+\p{L}?)?|\p{L}\d*)$/u.test(token);
}

function normaliseTokens(raw: string[], postcode: string): string[] {
  const outward = postcode.slice(0, -3).toLowerCase();
  const inward = postcode.slice(-3).toLowerCase();
  const split = raw.flatMap((token) => {
    // "Flat3", "Apt12b": a sub-unit word glued to its number.
    const glued = /^(\p{L}+?)(\d+\p{L}?)$/u.exec(token);
    const word = glued?.[1] ? (SYNONYMS[glued[1]] ?? glued[1]) : undefined;
    if (glued && word && SUB_UNIT_KINDS.has(word)) return [word, glued[2] as string];
    return [token.replace(/(^|~)0+(?=\d)/g, '$1')];
  });
  const tokens: string[] = [];
  for (let i = 0; i < split.length; i++) {
    const token = SYNONYMS[split[i] as string] ?? (split[i] as string);
    const next = split[i + 1];
    if (token === 'the') continue;
    if (token === postcode.toLowerCase()) continue;
    if (token === outward && next === inward) {
      i++;
      continue;
    }
    if (NUMBER_MARKERS.has(token) && isDigitLed(next)) continue;
    if (/^\d+$/.test(token) && next && /^\p{L}$/u.test(next) && next !== 'y') {
      tokens.push(`${token}${next}`);
      i++;
      continue;
    }
    tokens.push(token);
  }
  return tokens;
}

function ordinal(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  return ORDINALS[token] ?? /^(\d+)(?:st|nd|rd|th)$/.exec(token)?.[1];
}

/** A floor description starting at `i`: its canonical name and where it ends. */
function floorAt(tokens: string[], i: number): { name: string; end: number } | undefined {
  const first = tokens[i] as string;
  let j = i;
  let name: string;
  let confirmed = false;
  const shorthand = FLOOR_SHORTHAND[first];
  if (shorthand) {
    name = shorthand;
    j++;
    confirmed = true;
  } else if ((first === 'lower' || first === 'upper') && tokens[i + 1] === 'ground') {
    name = `${first}-ground`;
    j += 2;
  } else if (FLOOR_NAMES.has(first) || ordinal(first)) {
    name = ordinal(first) ?? first;
    j++;
    confirmed = first === 'basement';
  } else {
    return undefined;
  }
  if (tokens[j] === 'floor') {
    j++;
    confirmed = true;
  }
  const unit = tokens[j];
  // "Basement flat 12 High St": a number followed by the street's name is the building's.
  const numberIsBuildings = isUnitId(tokens[j + 1]) && isWord(tokens[j + 2]);
  if (unit !== undefined && DWELLINGS.has(unit) && (!isUnitId(tokens[j + 1]) || numberIsBuildings)) {
    j++;
    confirmed = true;
  }
  return confirmed ? { name, end: j } : undefined;
}

/** Takes flats, rooms, units and floors out of the address, wherever they were written. */
function takeSubUnits(tokens: string[]): { subUnits: Set<string>; rest: string[] } {
  const numbered = new Set<string>();
  const floors = new Set<string>();
  const bare = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i] as string;
    const next = tokens[i + 1];
    const floor = token === BREAK ? undefined : floorAt(tokens, i);
    if (floor) {
      floors.add(floor.name);
      i = floor.end;
    } else if (token === 'floor' && (ordinal(next) || /^\d+$/.test(next ?? ''))) {
      floors.add(ordinal(next) ?? (next as string));
      i += 2;
    } else if (SUB_UNIT_KINDS.has(token) && isUnitId(next)) {
      numbered.add(`${token}:${next}`);
      i += 2;
    } else if (SUB_UNIT_KINDS.has(token)) {
      // "Studio flat 3": a kind word followed by another kind is only a description.
      if (!(next !== undefined && SUB_UNIT_KINDS.has(next))) bare.add(token);
      i++;
    } else {
      rest.push(token);
      i++;
    }
  }
  const subUnits = new Set(numbered);
  const dwellingNumbered = [...numbered].some((unit) => DWELLINGS.has(unit.split(':')[0] as string));
  if (!dwellingNumbered) for (const floor of floors) subUnits.add(`floor:${floor}`);
  for (const kind of bare) {
    const described = [...subUnits].some((unit) => unit.startsWith(`${kind}:`));
    if (!described && !(DWELLINGS.has(kind) && floors.size > 0)) subUnits.add(`${kind}:*`);
  }
  return { subUnits, rest };
}

/** Splits what remains into parts: at commas and line breaks, before numbers, after building words. */
function phrasesOf(tokens: string[]): string[][] {
  const phrases: string[][] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) phrases.push(current);
    current = [];
  };
  tokens.forEach((token, i) => {
    if (token === BREAK) {
      flush();
      return;
    }
    if (isDigitLed(token)) flush();
    current.push(token);
    const next = tokens[i + 1];
    if (!isWord(next) || STREET_WORDS.has(next as string)) return;
    // Building words also name streets ("12 Mill Road", "Hall Farm Close"): a numbered street is
    // split only after a block's name ("3 Wren House Graham Road"), never after its first word.
    const numbered = isDigitLed(current[0]);
    if (
      numbered
        ? BLOCK_WORDS.has(token) && current.length > 2
        : BUILDING_WORDS.has(token) && !BUILDING_WORDS.has(next as string)
    )
      flush();
  });
  flush();
  return phrases;
}

function shapePremise(parts: string[][], subUnits: Set<string>): string[] {
  const phrases: string[][] = [];
  // "77, Graham Road" is "77 Graham Road"; "3, 77 Graham Road" is flat 3 at 77.
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string[];
    const next = parts[i + 1];
    const bareNumber = part.length === 1 && isDigitLed(part[0]);
    if (bareNumber && next && isDigitLed(next[0])) {
      subUnits.add(`flat:${part[0]}`);
    } else if (bareNumber && next) {
      phrases.push([...part, ...next]);
      i++;
    } else {
      phrases.push(part);
    }
  }
  const shaped = phrases.map((phrase) => {
    const last = phrase[phrase.length - 1] as string;
    if (phrase.length > 1 && isDigitLed(phrase[0]) && BLOCK_WORDS.has(last)) {
      subUnits.add(`flat:${phrase[0]}`);
      return phrase.slice(1);
    }
    return phrase;
  });
  const numbered = shaped.findIndex((phrase) => phrase.some(isDigitLed));
  const endsInBuilding = (phrase: string[]) => BUILDING_WORDS.has(phrase[phrase.length - 1] as string);
  const kept = shaped.filter((phrase, index) => {
    if (numbered >= 0) return index <= numbered || phrase.some(isDigitLed) || endsInBuilding(phrase);
    return index === 0 || endsInBuilding(phrase) || phrase.some((word) => STREET_WORDS.has(word));
  });
  return kept.map((phrase) => phrase.join(' ').replaceAll(RANGE, '-')).sort();
}

export function sourceIdentity(address: SourceAddress): SourceIdentity {
  const postcode = address.postcode.replace(/\s+/g, '').toUpperCase();
  const text = [address.line1, address.line2].filter((line) => line?.trim()).join('\n');
  const tokens = normaliseTokens(tokenise(fold(text)), postcode);
  const { subUnits, rest } = takeSubUnits(tokens);
  const premise = shapePremise(phrasesOf(rest), subUnits);
  return { postcode, subUnits: [...subUnits].sort(), premise };
}

/** The key under which a source's open case is found; a hash, so it carries no address. */
export function sourceKeyFor(address: SourceAddress): string {
  const identity = sourceIdentity(address);
  const canonical = [KEY_VERSION, identity.postcode, identity.subUnits.join(','), identity.premise.join('/')];
  return createHash('sha256').update(canonical.join('\n')).digest('hex').slice(0, 40);
}
