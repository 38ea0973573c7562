/**
 * The fixed penalty notice and its reminders. The notice carries every particular s.52(6) of the
 * 2014 Act requires (and s.8 of the Noise Act 1996 alike): the offence and its circumstances, the
 * period in which no proceedings will be taken, the amount and the lower amount for early
 * payment, who to pay and at what address, and the ways to pay; and it names the issuing officer.
 * The notice, the reminders and the withdrawal carry structured documents: what is posted.
 */
import { buildDocument, type Particular } from '../../documents/build.ts';
import { dateOf, dateTimeOf, pounds as moneyOf } from '../../documents/particulars.ts';
import { noticeKindNames, particularLabels, roles, titles, values } from '../../documents/terms.ts';
import type { LetterContent } from '../../letters/outbox.ts';
import {
  addressLines,
  type CouncilDetails,
  councilDetails,
  day,
  dayAndTime,
  greeting,
  pounds,
  signOff,
} from '../../letters/words.ts';
import type { NoiseCase, NoticeKind } from '../../model/case.ts';
import type { Person } from '../../model/party.ts';
import type { Penalty } from '../../model/workflow.ts';
import type { BreachRecord } from '../../notices/model.ts';
import { outstandingPence } from '../../penalties/penalties.ts';

const DAY_MS = 86_400_000;

export interface FixedPenaltyVars {
  penalty: Penalty;
  offence: string;
  breach: BreachRecord | undefined;
  noticeServedAt?: string;
  noticeKind?: NoticeKind;
  officer: string;
}

const fpnWords = {
  discharge:
    'This notice offers you the opportunity of discharging any liability to conviction for the offence by payment of a fixed penalty.',
  amount: (p: Penalty, dueOn: (iso: string) => string) =>
    `The fixed penalty is ${pounds(p.amountPence)}.${
      p.discountedAmountPence < p.amountPence
        ? ` If you pay by ${dueOn(p.discountUntil)}, a lower amount of ${pounds(p.discountedAmountPence)} is accepted.`
        : ''
    }`,
  noProceedings: (date: string) =>
    `No proceedings will be taken for this offence before ${date}: the period of 14 days from the date of this notice. If you pay within that period you will not be prosecuted for the offence.`,
  /** The pay page with the notice number filled in, so a link in the letter takes the payer straight to it. */
  payOnline: (council: CouncilDetails, penaltyRef: string) =>
    `${council.publicUrl}/pay?notice=${encodeURIComponent(penaltyRef)}`,
  quote: (ref: string) => `Quote the notice number ${ref} with your payment.`,
  unpaid: 'If you do not pay, you may be prosecuted for the offence.',
};

export function fixedPenaltyNotice(to: Person, c: NoiseCase, vars: FixedPenaltyVars): LetterContent {
  const p = vars.penalty;
  const council = councilDetails();
  const when = vars.breach ? dayAndTime(vars.breach.witnessedAt) : day(p.offenceAt);
  return {
    subject: `Fixed Penalty Notice ${p.penaltyRef}`,
    body: `${greeting(to.name)}\n${addressLines(to.address)}\n\nFIXED PENALTY NOTICE\n${p.statute}\nNotice number: ${p.penaltyRef}    Case: ${c.caseRef}\nDate of this notice: ${day(p.issuedAt)}\n\nTHE OFFENCE\n${vars.offence}.\n${
      vars.noticeServedAt ? `The notice was served on ${day(vars.noticeServedAt)}.\n` : ''
    }Date and time of the offence: ${when}.\nPlace: ${vars.breach?.location ?? 'the premises above'}.\nCircumstances: ${vars.breach?.description ?? 'as recorded by the council'}\n\nPAYING THE PENALTY\n${fpnWords.discharge}\n${fpnWords.amount(p, day)}\n${fpnWords.noProceedings(day(p.dueBy))}\nPay to: ${council.payee.name}, ${council.payee.address}.\nPay online: ${fpnWords.payOnline(council, p.penaltyRef)} (GOV.UK Pay), with the notice number.\nYou can pay:\n${council.paymentMethods.map((m) => `- ${m}`).join('\n')}\n${fpnWords.quote(p.penaltyRef)}\n${fpnWords.unpaid}\n\nIssued by: ${vars.officer}, authorised officer, on behalf of ${council.name}.\n\n${signOff()}`,
    document: fixedPenaltyNoticeDocument(to, c, vars),
  };
}

/** Rows naming who to pay and how: the payee, their address, the methods and the online page. */
function paymentRows(council: CouncilDetails, penaltyRef: string): Particular[] {
  return [
    { label: particularLabels.payee, value: council.payee.name },
    { label: particularLabels.payeeAddress, value: council.payee.address },
    {
      label: particularLabels.paymentMethods,
      value: council.paymentMethods.map((m) => `• ${m}`).join('\n'),
    },
    { label: particularLabels.payOnline, value: fpnWords.payOnline(council, penaltyRef) },
  ];
}

/** The fixed penalty notice as posted, with every s.52(6) particular in its table. */
export function fixedPenaltyNoticeDocument(
  to: Pick<Person, 'name' | 'address'>,
  c: Pick<NoiseCase, 'caseRef'>,
  vars: FixedPenaltyVars,
) {
  const p = vars.penalty;
  const council = councilDetails();
  const offenceAt = vars.breach ? dateTimeOf(vars.breach.witnessedAt) : dateOf(p.offenceAt);
  const dueBy = dateOf(p.dueBy);
  const noProceedingsDays = Math.round((Date.parse(p.dueBy) - Date.parse(p.issuedAt)) / DAY_MS);
  const noticeName = vars.noticeKind ? noticeKindNames[vars.noticeKind] : undefined;
  const noticeServed = vars.noticeServedAt ? dateOf(vars.noticeServedAt) : undefined;
  const officer = vars.officer.trim() || 'An authorised officer of the council';
  return buildDocument({
    kind: 'fixed-penalty-notice',
    title: titles['fixed-penalty-notice'],
    statute: p.statute,
    reference: p.penaltyRef,
    issuedAt: p.issuedAt,
    recipient: { name: to.name, address: to.address },
    sections: [
      {
        heading: 'The offence',
        paragraphs: [
          `${vars.offence}.`,
          ...(noticeServed ? [`The notice was served on ${noticeServed.en}.`] : []),
        ],
      },
      {
        heading: 'Paying the penalty',
        paragraphs: [
          fpnWords.discharge,
          fpnWords.amount(p, (iso) => dateOf(iso).en),
          fpnWords.noProceedings(dueBy.en),
          `Pay online at ${fpnWords.payOnline(council, p.penaltyRef)} (GOV.UK Pay), with the notice number, or in one of the other ways listed below.`,
          fpnWords.quote(p.penaltyRef),
          fpnWords.unpaid,
        ],
      },
    ],
    particulars: [
      { label: particularLabels.noticeNumber, value: p.penaltyRef },
      { label: particularLabels.caseReference, value: c.caseRef },
      { label: particularLabels.offence, value: vars.offence },
      ...(noticeName && noticeServed
        ? [
            {
              label: particularLabels.noticeOffenceRelatesTo,
              value: {
                en: `${noticeName.en} served on ${noticeServed.en}`,
                cy: `${noticeName.cy} a gyflwynwyd ar ${noticeServed.cy}`,
              },
            },
          ]
        : []),
      { label: particularLabels.offenceDateTime, value: offenceAt },
      { label: particularLabels.place, value: vars.breach?.location ?? values.premisesAbove },
      { label: particularLabels.circumstances, value: vars.breach?.description ?? values.asRecorded },
      { label: particularLabels.noProceedings, value: values.daysFromThisNotice(noProceedingsDays, dueBy) },
      { label: particularLabels.amount, value: moneyOf(p.amountPence) },
      ...(p.discountedAmountPence < p.amountPence
        ? [
            {
              label: particularLabels.earlyAmount,
              value: values.ifPaidBy(moneyOf(p.discountedAmountPence), dateOf(p.discountUntil)),
            },
          ]
        : []),
      ...paymentRows(council, p.penaltyRef),
      { label: particularLabels.issuingOfficer, value: officer },
    ],
    issuedBy: { name: officer, role: roles.authorisedOfficer },
  });
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
  const council = councilDetails();
  const discountUntil = dateOf(penalty.discountUntil);
  const dueBy = dateOf(penalty.dueBy);
  const stillToPay = `Amount still to pay: ${pounds(owed)}${early ? ` if paid by ${day(penalty.discountUntil)}; after that the full penalty of ${pounds(penalty.amountPence)} applies` : ''}.`;
  const payBy = (date: string) => `Pay by ${date}, quoting ${penalty.penaltyRef}, to avoid prosecution.`;
  return {
    subject: `Reminder: Fixed Penalty Notice ${penalty.penaltyRef} is unpaid`,
    body: `${greeting(to.name)}\n\nOur records show that Fixed Penalty Notice ${penalty.penaltyRef} (case ${c.caseRef}) is not yet paid.\n${
      penalty.paidPence > 0 ? `You have paid ${pounds(penalty.paidPence)} so far.\n` : ''
    }${stillToPay}\n${payBy(day(penalty.dueBy))}\n\n${signOff()}`,
    document: buildDocument({
      kind: 'letter',
      title: {
        en: `Reminder: Fixed Penalty Notice ${penalty.penaltyRef} is unpaid`,
        cy: `Nodyn atgoffa: nid yw Hysbysiad Cosb Benodedig ${penalty.penaltyRef} wedi'i dalu`,
      },
      reference: penalty.penaltyRef,
      issuedAt: now,
      recipient: { name: to.name, address: to.address },
      sections: [
        {
          paragraphs: [
            greeting(to.name),
            `Our records show that Fixed Penalty Notice ${penalty.penaltyRef} (case ${c.caseRef}) is not yet paid.`,
            ...(penalty.paidPence > 0 ? [`You have paid ${pounds(penalty.paidPence)} so far.`] : []),
            `Amount still to pay: ${pounds(owed)}${early ? ` if paid by ${discountUntil.en}; after that the full penalty of ${pounds(penalty.amountPence)} applies` : ''}.`,
            payBy(dueBy.en),
          ],
        },
      ],
      particulars: [
        { label: particularLabels.noticeNumber, value: penalty.penaltyRef },
        { label: particularLabels.caseReference, value: c.caseRef },
        ...(penalty.paidPence > 0
          ? [{ label: particularLabels.paidSoFar, value: pounds(penalty.paidPence) }]
          : []),
        {
          label: particularLabels.stillToPay,
          value: early
            ? {
                en: `${pounds(owed)} if paid by ${discountUntil.en}; after that ${pounds(penalty.amountPence)}`,
                cy: `${pounds(owed)} os telir erbyn ${discountUntil.cy}; ar ôl hynny ${pounds(penalty.amountPence)}`,
              }
            : pounds(owed),
        },
        { label: particularLabels.payBy, value: dueBy },
        ...paymentRows(council, penalty.penaltyRef),
      ],
      issuedBy: { name: signOff(), role: { en: council.name, cy: council.name } },
    }),
  };
}

export function penaltyWithdrawn(to: Person, c: NoiseCase, penalty: Penalty, at?: string): LetterContent {
  const refund = penalty.paidPence > 0 ? ' Anything you paid will be refunded.' : '';
  const council = councilDetails();
  const withdrawnAt = at ?? penalty.withdrawnAt ?? penalty.issuedAt;
  return {
    subject: `Fixed Penalty Notice ${penalty.penaltyRef} withdrawn`,
    body: `${greeting(to.name)}\n\nThe council has withdrawn Fixed Penalty Notice ${penalty.penaltyRef} (case ${c.caseRef}). You do not need to pay it.${refund}\n\n${signOff()}`,
    document: buildDocument({
      kind: 'letter',
      title: {
        en: `Fixed Penalty Notice ${penalty.penaltyRef} withdrawn`,
        cy: `Hysbysiad Cosb Benodedig ${penalty.penaltyRef} wedi'i dynnu'n ôl`,
      },
      reference: penalty.penaltyRef,
      issuedAt: withdrawnAt,
      recipient: { name: to.name, address: to.address },
      sections: [
        {
          paragraphs: [
            greeting(to.name),
            `The council has withdrawn Fixed Penalty Notice ${penalty.penaltyRef} (case ${c.caseRef}). You do not need to pay it.${refund}`,
          ],
        },
      ],
      particulars: [
        { label: particularLabels.noticeNumber, value: penalty.penaltyRef },
        { label: particularLabels.caseReference, value: c.caseRef },
        { label: particularLabels.withdrawnOn, value: dateOf(withdrawnAt) },
      ],
      issuedBy: { name: signOff(), role: { en: council.name, cy: council.name } },
    }),
  };
}
