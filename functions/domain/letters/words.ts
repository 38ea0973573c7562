/** Small pieces every letter shares: money, dates, addresses and the greeting, in one place. */
import type { Address } from '../model/address.ts';

export const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

/** A date as people write it in a letter, in UK time: "4 December 2026". */
export const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

/** A date and time in UK time: "4 December 2026 at 01:10". */
export const dayAndTime = (iso: string) =>
  `${day(iso)} at ${new Date(iso).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/London',
  })}`;

export const addressLines = (address: Address) =>
  [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join('\n');

export const oneLineAddress = (address: Address) =>
  [address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ');

export const greeting = (name: string | undefined) => (name ? `Dear ${name},` : 'To the occupier,');

/** The team that signs every letter. */
export const SIGN_OFF = 'Community Protection Team';

/**
 * The council's details as letters print them (who to pay and how). Until a council's own
 * configuration is set these are a fictional council's.
 */
export interface CouncilDetails {
  name: string;
  payee: { name: string; address: string };
  paymentMethods: string[];
  phone: string;
}

export const defaultCouncil: CouncilDetails = {
  name: 'Northmoor Borough Council',
  payee: { name: 'Northmoor Borough Council', address: 'Town Hall, 1 Market Square, Northmoor NM1 1AA' },
  paymentMethods: [
    'online with a debit or credit card, using the payment link in this notice',
    'by telephone on 01632 960 000 (Monday to Friday, 9am to 5pm)',
    'by post: a cheque payable to Northmoor Borough Council, quoting the notice number, to the address above',
  ],
  phone: '01632 960 000',
};
