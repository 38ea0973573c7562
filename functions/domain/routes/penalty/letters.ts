/**
 * The fixed penalty notice and its reminders. The notice carries every particular s.52(6) of the
 * 2014 Act requires (and s.8 of the Noise Act 1996 alike): the offence and its circumstances, the
 * period in which no proceedings will be taken, the amount and the lower amount for early
 * payment, who to pay and at what address, and the ways to pay; and it names the issuing officer.
 */
import type { LetterContent } from '../../letters/outbox.ts';
import {
  addressLines,
  councilDetails,
  day,
  dayAndTime,
  greeting,
  pounds,
  signOff,
} from '../../letters/words.ts';
import type { NoiseCase } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';
import type { Penalty } from '../../model/workflow.ts';
import type { BreachRecord } from '../../notices/model.ts';
import { outstandingPence } from '../../penalties/penalties.ts';

export function fixedPenaltyNotice(
  to: Person,
  c: NoiseCase,
  vars: {
    penalty: Penalty;
    offence: string;
    breach: BreachRecord | undefined;
    noticeServedAt?: string;
    officer: string;
  },
): LetterContent {
  const p = vars.penalty;
  const council = councilDetails();
  const when = vars.breach ? dayAndTime(vars.breach.witnessedAt) : day(p.offenceAt);
  return {
    subject: `Fixed Penalty Notice ${p.penaltyRef}`,
    body: `${greeting(to.name)}\n${addressLines(to.address)}\n\nFIXED PENALTY NOTICE\n${p.statute}\nNotice number: ${p.penaltyRef}    Case: ${c.caseRef}\nDate of this notice: ${day(p.issuedAt)}\n\nTHE OFFENCE\n${vars.offence}.\n${
      vars.noticeServedAt ? `The notice was served on ${day(vars.noticeServedAt)}.\n` : ''
    }Date and time of the offence: ${when}.\nPlace: ${vars.breach?.location ?? 'the premises above'}.\nCircumstances: ${vars.breach?.description ?? 'as recorded by the council'}\n\nPAYING THE PENALTY\nThis notice offers you the opportunity of discharging any liability to conviction for the offence by payment of a fixed penalty.\nThe fixed penalty is ${pounds(p.amountPence)}.${
      p.discountedAmountPence < p.amountPence
        ? ` If you pay by ${day(p.discountUntil)}, a lower amount of ${pounds(p.discountedAmountPence)} is accepted.`
        : ''
    }\nNo proceedings will be taken for this offence before ${day(p.dueBy)}: the period of 14 days from the date of this notice. If you pay within that period you will not be prosecuted for the offence.\nPay to: ${council.payee.name}, ${council.payee.address}.\nPay online: ${council.publicUrl}/pay (GOV.UK Pay), with the notice number.\nYou can pay:\n${council.paymentMethods.map((m) => `- ${m}`).join('\n')}\nQuote the notice number ${p.penaltyRef} with your payment.\nIf you do not pay, you may be prosecuted for the offence.\n\nIssued by: ${vars.officer}, authorised officer, on behalf of ${council.name}.\n\n${signOff()}`,
  };
}

export function penaltyIssued(to: Person, c: NoiseCase): LetterContent {
  return {
    subject: `Case ${c.caseRef}: a fixed penalty notice has been issued`,
    body: `${greeting(to.name)}\n\nAfter a breach of the notice served, we have issued a fixed penalty notice (case ${c.caseRef}). We will tell you the outcome.\n\n${signOff()}`,
  };
}

export function paymentReminder(to: Person, c: NoiseCase, penalty: Penalty, now: string): LetterContent {
  const owed = outstandingPence(penalty, new Date(now));
  // A scheme with no lower amount (a Noise Act penalty, by default) has no early period to mention.
  const early =
    penalty.discountedAmountPence < penalty.amountPence &&
    Date.parse(now) <= Date.parse(penalty.discountUntil);
  return {
    subject: `Reminder: Fixed Penalty Notice ${penalty.penaltyRef} is unpaid`,
    body: `${greeting(to.name)}\n\nOur records show that Fixed Penalty Notice ${penalty.penaltyRef} (case ${c.caseRef}) is not yet paid.\n${
      penalty.paidPence > 0 ? `You have paid ${pounds(penalty.paidPence)} so far.\n` : ''
    }Amount still to pay: ${pounds(owed)}${early ? ` if paid by ${day(penalty.discountUntil)}; after that the full penalty of ${pounds(penalty.amountPence)} applies` : ''}.\nPay by ${day(penalty.dueBy)}, quoting ${penalty.penaltyRef}, to avoid prosecution.\n\n${signOff()}`,
  };
}

export function penaltyWithdrawn(to: Person, c: NoiseCase, penalty: Penalty): LetterContent {
  return {
    subject: `Fixed Penalty Notice ${penalty.penaltyRef} withdrawn`,
    body: `${greeting(to.name)}\n\nThe council has withdrawn Fixed Penalty Notice ${penalty.penaltyRef} (case ${c.caseRef}). You do not need to pay it.${
      penalty.paidPence > 0 ? ' Anything you paid will be refunded.' : ''
    }\n\n${signOff()}`,
  };
}
