import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceKeyOf } from '../../functions/domain/identifiers.ts';
import {
  type SourceAddress,
  sourceIdentity,
  sourceKeyFor,
} from '../../functions/domain/people/source-identity.ts';

type Written = string | { line1: string; line2?: string; postcode?: string };

const at = (written: Written, postcode = 'E8 1DY'): SourceAddress =>
  typeof written === 'string' ? { line1: written, postcode } : { postcode, ...written };

const explain = (address: SourceAddress) => JSON.stringify(sourceIdentity(address));

// Each row: two ways a resident might write an address, at one postcode.
const samePlace: [string, Written, Written, string?][] = [
  ['the flat first or last', 'Flat 3, 77 Graham Road', '77 Graham Road, Flat 3'],
  ['no commas and an abbreviation', 'Flat 3, 77 Graham Road', 'Flat 3 77 Graham Rd'],
  ['a bare number before the building number is the flat', 'Flat 3, 77 Graham Road', '3, 77 Graham Road'],
  ['the slash form of a flat number', 'Flat 3, 77 Graham Road', '3/77 Graham Road'],
  ['the flat on the second line', 'Flat 3, 77 Graham Road', { line1: '77 Graham Road', line2: 'Flat 3' }],
  [
    'the flat on the first line alone',
    'Flat 3, 77 Graham Road',
    { line1: 'Flat 3', line2: '77 Graham Road' },
  ],
  [
    'apartment, apt and flat',
    'Apartment 12, Wren House, 4 Dalston Lane',
    'Apt. 12 Wren House, 4 Dalston Ln',
    'E8 3AH',
  ],
  ['Welsh fflat', 'Fflat 2, 14 Heol y Bont', 'Flat 2, 14 Heol Y Bont', 'CF37 4AA'],
  ['capitals and full stops', 'FLAT 3, 12 HIGH ST.', 'flat 3 12 high street', 'SW1A 1AA'],
  ['a leading zero', 'Flat 03, 12 High Street', 'Flat 3, 12 High Street', 'SW1A 1AA'],
  ['a flat letter with a space', 'Flat 3 A, 77 Graham Road', 'Flat 3a, 77 Graham Road'],
  ['a building number suffix with a space', '77 A Graham Road', '77a Graham Road'],
  ['a range with spaces or "to"', '77-79 Graham Road', '77 to 79 Graham Rd'],
  ['a range with an en dash', '77–79 Graham Road', '77 - 79 Graham Road'],
  ['a locality on line 2', '77 Graham Road', { line1: '77 Graham Road', line2: 'Dalston' }],
  [
    'a locality with a street word after the numbered street',
    '12 Roman Road',
    '12 Roman Road, Bethnal Green',
    'E2 0QN',
  ],
  ['the postcode typed into the address', '12 Roman Road', '12 Roman Road, E2 0QN', 'E2 0QN'],
  ['ground floor flat and its shorthand', 'Ground Floor Flat, 18 Elm Grove', 'GFF 18 Elm Gro', 'BS6 6AH'],
  [
    'a floor as an ordinal or a word',
    'First Floor Flat, 18 Elm Grove',
    '1st Flr Flat, 18 Elm Grove',
    'BS6 6AH',
  ],
  ['top floor flat and top flat', 'Top Floor Flat, 9 Albert Terrace', 'Top Flat 9 Albert Tce', 'NW1 7SU'],
  [
    'a floor beside a numbered flat adds nothing',
    'Flat 2, 12 High Street',
    'Flat 2 (first floor), 12 High St',
    'SW1A 1AA',
  ],
  [
    'a building name before or after the flat',
    'Flat 3, Wren House, 12 High Street',
    'Wren House, Flat 3, 12 High St',
    'SW1A 1AA',
  ],
  [
    'a building name with no commas',
    'Flat 3, Wren House, 12 High Street',
    'Flat 3 Wren House 12 High Street',
    'SW1A 1AA',
  ],
  ['a number before a block name is the flat', 'Flat 5, Victoria Mansions', '5 Victoria Mansions', 'SW8 1RL'],
  ['house abbreviated', 'Flat 5, Victoria House', 'Flat 5 Victoria Hse', 'SW8 1RL'],
  ['Saint, St and an apostrophe', "14 St John's Road", '14 Saint Johns Rd', 'N4 2AA'],
  ['"No." before the number', 'No. 27 Mill Lane', '27 Mill Ln', 'LS6 2AA'],
  ['Arabic-Indic digits', '٧٧ Graham Road', '77 Graham Road'],
  ['full-width digits and letters', 'Ｆｌａｔ ３, ７７ Graham Road', 'Flat 3, 77 Graham Road'],
  ['Devanagari digits', 'Flat ३, ७७ Graham Road', 'Flat 3, 77 Graham Road'],
  [
    'a circumflex on a Welsh house name',
    'Tŷ Gwyn, Heol y Bont',
    'Ty Gwyn, Heol Y Bont, Pontypridd',
    'CF37 4AA',
  ],
  ['an accent on a business name', 'Café Rouge, 8 High Street', 'Cafe Rouge 8 High St', 'OX1 4AA'],
  ['"The" before a pub name', 'The Red Lion, 21 Market Place', 'Red Lion, 21 Market Pl', 'SN1 1AA'],
  [
    'a named house with its village',
    'Rose Cottage, Church Lane',
    'Rose Cottage, Church Ln, Little Snoring',
    'NR21 0AA',
  ],
  ['a flat number glued to its word', 'Flat 3, 12 High Street', 'Flat3 12 High St', 'SW1A 1AA'],
  ['studio flat is a flat', 'Studio Flat 4, 30 Station Road', 'Flat 4, 30 Station Rd', 'M1 1AE'],
  [
    'town on the second line of a numbered street',
    '30 Station Road',
    { line1: '30 Station Road', line2: 'Manchester' },
    'M1 1AE',
  ],
  [
    'the postcode written any way',
    { line1: '77 Graham Road', postcode: 'e81dy' },
    { line1: '77 Graham Road', postcode: ' E8  1DY ' },
  ],
  ['court as an abbreviation', 'Flat 7, Wren Court, Hackney', 'Flat 7 Wren Ct', 'E9 5AA'],
  ['ampersand and "and"', 'Smith & Sons, 4 Mill Yard', 'Smith and Sons, 4 Mill Yd', 'LS1 1AA'],
];

const differentPlaces: [string, Written, Written, string?][] = [
  ['the whole house and a flat in it', '77 Graham Road', 'Flat 4, 77 Graham Road'],
  ['two flats in one building', 'Flat 3, 77 Graham Road', 'Flat 4, 77 Graham Road'],
  ['two flat letters', 'Flat A, 77 Graham Road', 'Flat B, 77 Graham Road'],
  ['a flat number and its lettered neighbour', 'Flat 3, 77 Graham Road', 'Flat 3a, 77 Graham Road'],
  ['a building number and its suffix', '77 Graham Road', '77a Graham Road'],
  ['a house and the range it stands in', '77 Graham Road', '77-79 Graham Road'],
  ['swapped flat and building numbers', 'Flat 1, 2 Acacia Avenue', 'Flat 2, 1 Acacia Avenue', 'SW19 1AA'],
  ['two blocks of one estate', 'Flat 3, Wren House', 'Flat 3, Alder House', 'E2 7AA'],
  [
    'a named block and the street number alone',
    'Flat 3, Wren House, 12 High Street',
    'Flat 3, 12 High Street',
    'SW1A 1AA',
  ],
  ['two floors of one house', 'Ground Floor Flat, 18 Elm Grove', 'First Floor Flat, 18 Elm Grove', 'BS6 6AH'],
  [
    'the basement and the lower ground floor',
    'Basement Flat, 18 Elm Grove',
    'Lower Ground Floor Flat, 18 Elm Grove',
    'BS6 6AH',
  ],
  ['a floor flat and the whole house', 'Top Floor Flat, 9 Albert Terrace', '9 Albert Terrace', 'NW1 7SU'],
  ['a unit and a flat of the same number', 'Unit 3, 12 High Street', 'Flat 3, 12 High Street', 'SW1A 1AA'],
  ['a room in a shared house and the house', 'Room 2, 45 Cowley Road', '45 Cowley Road', 'OX4 1HR'],
  ['two rooms in one flat', 'Room 2, Flat 3, 45 Cowley Road', 'Room 1, Flat 3, 45 Cowley Road', 'OX4 1HR'],
  [
    'a maisonette and a flat of one number',
    'Maisonette 3, 12 High Street',
    'Flat 3, 12 High Street',
    'SW1A 1AA',
  ],
  ['a road and a street of one name', '12 Mill Road', '12 Mill Street', 'CB1 2AA'],
  [
    'a close and a road whose names start with building words',
    '12 Hall Farm Close',
    '12 Hall Farm Road',
    'NR21 0AA',
  ],
  [
    'two postcodes',
    { line1: '77 Graham Road', postcode: 'E8 1DY' },
    { line1: '77 Graham Road', postcode: 'E8 1DZ' },
  ],
  ['a flat above a shop and the shop', 'Flat, 14 Broadway Market', '14 Broadway Market', 'E8 4QJ'],
  [
    'a whole named house and a flat in it',
    'Wren House, 12 High Street',
    'Flat 1, Wren House, 12 High Street',
    'SW1A 1AA',
  ],
];

describe('the identity of a noise source', () => {
  it.each(samePlace)('%s: one place', (_why, a, b, postcode) => {
    const left = at(a, postcode);
    const right = at(b, postcode);
    expect(sourceKeyFor(left), `${explain(left)} vs ${explain(right)}`).toBe(sourceKeyFor(right));
  });

  it.each(differentPlaces)('%s: two places', (_why, a, b, postcode) => {
    const left = at(a, postcode);
    const right = at(b, postcode);
    expect(sourceKeyFor(left), `${explain(left)} vs ${explain(right)}`).not.toBe(sourceKeyFor(right));
  });

  it('the table holds at least forty real-looking addresses', () => {
    expect((samePlace.length + differentPlaces.length) * 2).toBeGreaterThanOrEqual(80);
  });

  it('the key is a hash that carries nothing of the address', () => {
    const key = sourceKeyOf({ line1: 'Flat 3, 77 Graham Road', postcode: 'E8 1DY' });
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(key).not.toMatch(/graham|77|e8/i);
  });

  it('the case intake key and the identity module agree', () => {
    const address = { line1: '77 Graham Road', line2: 'Flat 3', postcode: 'E8 1DY' };
    expect(sourceKeyOf(address)).toBe(sourceKeyFor(address));
  });

  it('the town never matters, because the postcode decides', () => {
    // The key reads line1, line2 and the postcode only; a town field cannot reach it.
    const withTown = { line1: '77 Graham Road', town: 'London', postcode: 'E8 1DY' };
    expect(sourceKeyOf(withTown)).toBe(sourceKeyOf({ line1: '77 Graham Road', postcode: 'E8 1DY' }));
  });
});

describe('properties of the source key', () => {
  const seed = Number(process.env.ABATE_FUZZ_SEED ?? 20261126);
  // Some street names hold building words, which must not split the street.
  const streetNames = [
    'Graham',
    'Mare',
    'Victoria',
    'Mill',
    'Hall Farm',
    'Tower Bridge',
    'Church Hall',
    'Lodge',
  ];
  const streetTypes: [string, string][] = [
    ['Road', 'Rd'],
    ['Street', 'St'],
    ['Avenue', 'Ave'],
    ['Lane', 'Ln'],
    ['Gardens', 'Gdns'],
    ['Terrace', 'Tce'],
  ];
  const buildings = ['Wren House', 'Victoria Mansions', 'Alder Court', 'Kestrel House', 'Lime Tower'];
  const place = fc.record({
    flat: fc.option(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('', 'a', 'b')), {
      nil: undefined,
    }),
    building: fc.option(fc.constantFrom(...buildings), { nil: undefined }),
    number: fc.integer({ min: 1, max: 999 }),
    street: fc.constantFrom(...streetNames),
    type: fc.constantFrom(...streetTypes),
  });
  type Place = typeof place extends fc.Arbitrary<infer T> ? T : never;

  const flatText = (flat: [number, string], word: string) => `${word} ${flat[0]}${flat[1]}`;
  const streetText = (p: Place, abbreviated: boolean) =>
    `${p.number} ${p.street} ${abbreviated ? p.type[1] : p.type[0]}`;

  /** One way of writing the place: parts in some order, split over one or two lines. */
  const writings = (p: Place) =>
    fc
      .record({
        flatWord: fc.constantFrom('Flat', 'flat', 'Apartment', 'Apt', 'FLAT'),
        flatFirst: fc.boolean(),
        abbreviated: fc.boolean(),
        splitLines: fc.boolean(),
        separator: fc.constantFrom(', ', ',', ' ', ' , ', '; '),
        caseChange: fc.constantFrom('same', 'upper', 'lower'),
        padding: fc.constantFrom('', ' ', '  '),
        fullStops: fc.boolean(),
      })
      .map((w) => {
        const flat = p.flat ? flatText(p.flat, w.flatWord) : undefined;
        const premise = [p.building, streetText(p, w.abbreviated) + (w.abbreviated && w.fullStops ? '.' : '')]
          .filter(Boolean)
          .join(w.separator);
        const parts = flat ? (w.flatFirst ? [flat, premise] : [premise, flat]) : [premise];
        const cased = (text: string) =>
          w.caseChange === 'upper'
            ? text.toUpperCase()
            : w.caseChange === 'lower'
              ? text.toLowerCase()
              : text;
        const pad = (text: string) => cased(`${w.padding}${text}${w.padding}`);
        if (w.splitLines && parts.length === 2)
          return { line1: pad(parts[0] as string), line2: pad(parts[1] as string), postcode: 'E8 1DY' };
        return { line1: pad(parts.join(w.separator)), postcode: 'E8 1DY' };
      });

  it('any text at all gives a key, never an exception', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 120 }),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 120 }), { nil: undefined }),
        (line1, line2) => {
          expect(sourceKeyFor({ line1, line2, postcode: 'E8 1DY' })).toMatch(/^[0-9a-f]{40}$/);
        },
      ),
      { numRuns: 1000, seed },
    );
  });

  it('changing the street type always changes the key', () => {
    fc.assert(
      fc.property(place, fc.constantFrom(...streetTypes), (p, otherType) => {
        fc.pre(otherType[0] !== p.type[0]);
        const write = (q: Place) => ({ line1: streetText(q, false), postcode: 'E8 1DY' });
        expect(sourceKeyFor(write(p))).not.toBe(sourceKeyFor(write({ ...p, type: otherType })));
      }),
      { numRuns: 200, seed },
    );
  });

  it('writing one place another way (order of lines, case, spacing, commas, abbreviations) never changes its key', () => {
    fc.assert(
      fc.property(
        place.chain((p) => fc.tuple(writings(p), writings(p))),
        ([a, b]) => {
          expect(
            sourceKeyFor(a),
            `${JSON.stringify(a)} ${explain(a)} vs ${JSON.stringify(b)} ${explain(b)}`,
          ).toBe(sourceKeyFor(b));
        },
      ),
      { numRuns: 500, seed },
    );
  });

  it('digits in any script give the same key as ASCII digits', () => {
    const scripts = [0x0660, 0x06f0, 0x0966, 0x09e6, 0xff10, 0x0e50];
    fc.assert(
      fc.property(place, fc.constantFrom(...scripts), (p, zero) => {
        const ascii = {
          line1: [p.flat ? flatText(p.flat, 'Flat') : '', p.building ?? '', streetText(p, false)]
            .filter(Boolean)
            .join(', '),
          postcode: 'E8 1DY',
        };
        const other = {
          ...ascii,
          line1: ascii.line1.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d))),
        };
        expect(sourceKeyFor(other)).toBe(sourceKeyFor(ascii));
      }),
      { numRuns: 200, seed },
    );
  });

  it('changing the flat number always changes the key', () => {
    fc.assert(
      fc.property(
        place,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom('Flat', 'Apartment'),
        (p, one, other, word) => {
          fc.pre(one !== other);
          const write = (flat: number) => ({
            line1: [`${word} ${flat}`, p.building, streetText(p, false)].filter(Boolean).join(', '),
            postcode: 'E8 1DY',
          });
          expect(sourceKeyFor(write(one))).not.toBe(sourceKeyFor(write(other)));
        },
      ),
      { numRuns: 300, seed },
    );
  });

  it('a flat never shares a key with the whole building it is in', () => {
    fc.assert(
      fc.property(place, fc.integer({ min: 1, max: 400 }), (p, flat) => {
        const building = {
          line1: [p.building, streetText(p, false)].filter(Boolean).join(', '),
          postcode: 'E8 1DY',
        };
        const inside = { ...building, line1: `Flat ${flat}, ${building.line1}` };
        expect(sourceKeyFor(inside)).not.toBe(sourceKeyFor(building));
      }),
      { numRuns: 200, seed },
    );
  });
});
