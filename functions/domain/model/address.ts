/** UK postal addresses and postcodes, validated and normalised at the edge. */
import * as z from 'zod';
import { freeText } from '../people/text-input.ts';

// The Royal Mail format: outward code (area, district) then inward code (sector, unit).
const POSTCODE = /^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$/;

/** Accepts any spacing and case, stores the canonical form: `e8  1dy` becomes `E8 1DY`. */
export const Postcode = z
  .string({ error: 'Enter a postcode' })
  .trim()
  .max(10, { error: 'Enter a real postcode, like E8 1DY' })
  .transform((raw) => raw.replace(/\s+/g, '').toUpperCase())
  .refine((compact) => POSTCODE.test(compact), { error: 'Enter a real postcode, like E8 1DY' })
  .transform((compact) => `${compact.slice(0, -3)} ${compact.slice(-3)}`);

/** The outward code ("E8"): coarse enough to keep for statistics after anonymisation. */
export function postcodeDistrict(postcode: string): string {
  return postcode.split(' ')[0] ?? postcode;
}

const line = (what: string) => freeText(what, 120);

export const Address = z.strictObject({
  line1: line('the first line of the address'),
  line2: line('the second line of the address').optional(),
  town: line('the town or city').optional(),
  postcode: Postcode,
});
export type Address = z.infer<typeof Address>;
