/**
 * UK telephone numbers as people write them ("07700 900123", "+44 7700 900123", "(020) 7946 0018",
 * "0044 7700 900123"), checked against libphonenumber's numbering plan and kept in E.164
 * ("+447700900123"), so one number is stored one way and a letter or an SMS gateway can use it.
 * Numbers of the Crown Dependencies (+44 for Jersey, Guernsey, the Isle of Man) count as UK.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import * as z from 'zod';

// Ofcom keeps these ranges for drama and testing; libphonenumber calls them unallocated, but our
// examples and tests use them, and no real person can be reached on them.
const OFCOM_DRAMA_RANGES = /^(?:7700900\d{3}|1632960\d{3})$/;

export const phoneMessages = {
  invalid: 'Enter a UK telephone number, like 07700 900123 or 020 7946 0018',
  abroad: 'Enter a UK telephone number: we can only call numbers that start +44',
  extension: 'Enter the telephone number without an extension',
};

export type PhoneCheck = { e164: string } | { problem: string };

export function checkUkPhoneNumber(written: string): PhoneCheck {
  const number = parsePhoneNumberFromString(written, 'GB');
  if (!number) return { problem: phoneMessages.invalid };
  if (number.countryCallingCode !== '44') {
    return { problem: number.isValid() ? phoneMessages.abroad : phoneMessages.invalid };
  }
  if (number.ext) return { problem: phoneMessages.extension };
  if (!number.isValid() && !OFCOM_DRAMA_RANGES.test(number.nationalNumber)) {
    return { problem: phoneMessages.invalid };
  }
  return { e164: number.number };
}

/** The request field: any usual written form in, E.164 out. */
export const UkPhoneNumber = z
  .string({ error: phoneMessages.invalid })
  .trim()
  .max(40, { error: phoneMessages.invalid })
  .transform((written, context) => {
    const checked = checkUkPhoneNumber(written);
    if ('e164' in checked) return checked.e164;
    context.addIssue({ code: 'custom', message: checked.problem, input: written });
    return z.NEVER;
  });
