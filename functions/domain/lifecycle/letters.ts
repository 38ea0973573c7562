/**
 * The words of every notification. A letter to the source of the noise is built only from the
 * source's own details and the case facts: the complainant's identity cannot reach it, because
 * no renderer for the source is given anything about the complainant.
 */
import type { NoiseCase } from '../model/case.ts';
import type { Person } from '../model/party.ts';
import type { Penalty } from '../model/workflow.ts';

export interface Letter {
  subject: string;
  body: string;
}

const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
const addressLines = (person: Person) =>
  [person.address.line1, person.address.line2, person.address.town, person.address.postcode]
    .filter(Boolean)
    .join('\n');
const greeting = (person: Person) => (person.name ? `Dear ${person.name},` : 'To the occupier,');

/** Letters to a complainant: they may see their own details and the case's progress. */
export const complainantLetters = {
  acknowledgement: (to: Person, c: NoiseCase, vars: { replyBy: string }): Letter => ({
    subject: `We have your noise report: case ${c.caseRef}`,
    body: `${greeting(to)}\n\nThank you for reporting noise to us. Your case reference is ${c.caseRef}.\nAn officer will review it by ${day(vars.replyBy)} and we will write to you when we decide what to do.\nYou can follow your case online with your case reference and tracking token.\n\nCommunity Protection Team`,
  }),
  warningIssued: (to: Person, c: NoiseCase, vars: { complianceEnds: string }): Letter => ({
    subject: `Case ${c.caseRef}: a warning has been issued`,
    body: `${greeting(to)}\n\nWe have issued a Community Protection Warning about the noise you reported (case ${c.caseRef}).\nWe will watch for further problems until ${day(vars.complianceEnds)}. If the noise happens again, report it as before: it will be added to your case.\n\nCommunity Protection Team`,
  }),
  penaltyIssued: (to: Person, c: NoiseCase): Letter => ({
    subject: `Case ${c.caseRef}: a fixed penalty notice has been issued`,
    body: `${greeting(to)}\n\nAfter a further breach we have issued a fixed penalty notice (case ${c.caseRef}). We will tell you the outcome.\n\nCommunity Protection Team`,
  }),
  restorativeStarted: (to: Person, c: NoiseCase): Letter => ({
    subject: `Case ${c.caseRef}: restorative justice`,
    body: `${greeting(to)}\n\nWe would like to offer restorative justice for case ${c.caseRef}. A facilitator will contact you. Taking part is your choice, and you may stop at any time.\n\nCommunity Protection Team`,
  }),
  escalated: (to: Person, c: NoiseCase): Letter => ({
    subject: `Case ${c.caseRef}: passed to a senior officer`,
    body: `${greeting(to)}\n\nYour case ${c.caseRef} has been passed to a senior officer to consider further action, which may include prosecution. We will write to you with the outcome.\n\nCommunity Protection Team`,
  }),
  outcome: (to: Person, c: NoiseCase, vars: { outcome: string }): Letter => ({
    subject: `Case ${c.caseRef}: outcome`,
    body: `${greeting(to)}\n\nWe have closed case ${c.caseRef}. ${vars.outcome}\nIf the noise starts again within 28 days, report it and we will reopen the case.\n\nCommunity Protection Team`,
  }),
};

/** Letters to the source of the noise: only their own details and what they must do. */
export const sourceLetters = {
  communityProtectionWarning: (to: Person, c: NoiseCase, vars: { complianceEnds: string }): Letter => ({
    subject: `Community Protection Warning: ${c.caseRef}`,
    body: `${greeting(to)}\n${addressLines(to)}\n\nCOMMUNITY PROTECTION WARNING\nAnti-social Behaviour, Crime and Policing Act 2014, section 43\n\nThe council has received reports of noise coming from the address above that is having a detrimental effect, of a persistent or continuing nature, on the quality of life of those in the locality.\nYou must stop causing unreasonable noise from this address. If this continues after ${day(vars.complianceEnds)}, the council may serve a Community Protection Notice or take further action, including a fixed penalty notice or prosecution.\nReference: ${c.caseRef}\n\nCommunity Protection Team`,
  }),
  fixedPenaltyNotice: (
    to: Person,
    c: NoiseCase,
    vars: { penalty: Penalty; breachDescription: string; officer: string },
  ): Letter => {
    const p = vars.penalty;
    return {
      subject: `Fixed Penalty Notice ${p.penaltyRef}`,
      body: `${greeting(to)}\n${addressLines(to)}\n\nFIXED PENALTY NOTICE\nAnti-social Behaviour, Crime and Policing Act 2014, section 52\nNotice number: ${p.penaltyRef}    Case: ${c.caseRef}\n\nAlleged offence: failing to comply with the requirements of a warning or notice served about noise from the address above.\nWhen: ${day(p.offenceAt)}. What was seen or heard: ${vars.breachDescription}\nIssued by: ${vars.officer} on ${day(p.issuedAt)}.\n\nYou can discharge liability to conviction for this offence by paying ${pounds(p.amountPence)} by ${day(p.dueBy)}.\nIf you pay by ${day(p.discountUntil)} the amount is reduced to ${pounds(p.discountedAmountPence)}.\nNo proceedings will be taken for this offence before ${day(p.dueBy)}. If you do not pay, you may be prosecuted for the offence.\nPay quoting ${p.penaltyRef}.\n\nCommunity Protection Team`,
    };
  },
  paymentReminder: (to: Person, c: NoiseCase, vars: { penalty: Penalty; now: string }): Letter => ({
    subject: `Reminder: Fixed Penalty Notice ${vars.penalty.penaltyRef} is unpaid`,
    body: `${greeting(to)}\n\nOur records show that Fixed Penalty Notice ${vars.penalty.penaltyRef} (case ${c.caseRef}) is unpaid.\nPay ${pounds(vars.penalty.amountPence)} by ${day(vars.penalty.dueBy)} to avoid prosecution${
      Date.parse(vars.penalty.discountUntil) > Date.parse(vars.now)
        ? ` (${pounds(vars.penalty.discountedAmountPence)} if paid by ${day(vars.penalty.discountUntil)})`
        : ''
    }.\n\nCommunity Protection Team`,
  }),
  restorativeInvitation: (to: Person, c: NoiseCase): Letter => ({
    subject: `Case ${c.caseRef}: an invitation to restorative justice`,
    body: `${greeting(to)}\n\nThe council would like to offer restorative justice about noise from your address (case ${c.caseRef}). A facilitator will contact you. Taking part is voluntary.\n\nCommunity Protection Team`,
  }),
  outcome: (to: Person, c: NoiseCase, vars: { outcome: string }): Letter => ({
    subject: `Case ${c.caseRef}: closed`,
    body: `${greeting(to)}\n\nThe council has closed case ${c.caseRef} about noise from your address. ${vars.outcome}\n\nCommunity Protection Team`,
  }),
  prosecution: (to: Person, c: NoiseCase): Letter => ({
    subject: `Case ${c.caseRef}: referred for prosecution`,
    body: `${greeting(to)}\n\nThe council has referred case ${c.caseRef} to its legal team to consider prosecution. You will hear from them.\n\nCommunity Protection Team`,
  }),
};

export type ComplainantTemplate = keyof typeof complainantLetters;
export type SourceTemplate = keyof typeof sourceLetters;
