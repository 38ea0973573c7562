/** Small pieces every letter shares: money, dates, addresses and the greeting, in one place. */
import { councilConfig } from '../../config/council.ts';
import type { Address } from '../model/address.ts';

export const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

// Built once: `toLocaleDateString` with options builds a new formatter on every call.
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

/** A date as people write it in a letter, in UK time: "4 December 2026". */
export const day = (iso: string) => dayFormat.format(new Date(iso));

/** A date and time in UK time: "4 December 2026 at 01:10". */
export const dayAndTime = (iso: string) => `${day(iso)} at ${timeFormat.format(new Date(iso))}`;

export const addressLines = (address: Address) =>
  [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join('\n');

export const oneLineAddress = (address: Address) =>
  [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ');

export const greeting = (name: string | undefined) => (name ? `Dear ${name},` : 'To the occupier,');

/** The team that signs every letter, from the council's configuration. */
export const signOff = () => councilConfig().teamName;

/** The council's details as letters print them (who to pay and how). */
export interface CouncilDetails {
  name: string;
  payee: { name: string; address: string };
  paymentMethods: string[];
  phone: string;
  publicUrl: string;
}

export function councilDetails(): CouncilDetails {
  const council = councilConfig();
  const payee = council.fixedPenalties;
  return {
    name: council.name,
    payee: {
      name: payee.payeeName,
      address: [...payee.payeeAddress.lines, payee.payeeAddress.postcode].join(', '),
    },
    paymentMethods: payee.paymentMethods.map((m) => m.text),
    phone: council.phone,
    publicUrl: (process.env.ABATE_WEB_URL ?? council.publicUrl).replace(/\/$/, ''),
  };
}
