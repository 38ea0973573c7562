/**
 * The words a document's frame uses around its content, in English and Welsh, and the dates it
 * prints. Dates and times are written from fixed tables and UK wall-clock numbers, never from the
 * machine's locale data, so the same document renders to the same bytes on any machine.
 */
import type { DocumentLanguage } from './model.ts';

export interface ChromeLabels {
  reference: string;
  date: string;
  to: string;
  theOccupier: string;
  particulars: string;
  issuedBy: string;
  onBehalfOf: (council: string) => string;
  page: (page: number, of: number) => string;
  /** Printed at the top of each version in a bilingual pack. */
  version: string;
  /** A council in Wales says, in every notice, that it welcomes correspondence in Welsh (Standard 7). */
  welcomesWelsh: string;
  /** "at" between a date and a time. */
  at: string;
  months: readonly string[];
}

export const chromeLabels: Record<DocumentLanguage, ChromeLabels> = {
  en: {
    reference: 'Reference',
    date: 'Date',
    to: 'To',
    theOccupier: 'The occupier',
    particulars: 'Particulars',
    issuedBy: 'Issued by',
    onBehalfOf: (council) => `on behalf of ${council}`,
    page: (page, of) => `Page ${page} of ${of}`,
    version: 'English version',
    welcomesWelsh:
      'We welcome correspondence in Welsh. We will reply in Welsh, and writing to us in Welsh will not lead to delay.',
    at: 'at',
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
  },
  cy: {
    reference: 'Cyfeirnod',
    date: 'Dyddiad',
    to: 'At',
    theOccupier: 'Y Preswylydd',
    particulars: 'Manylion',
    issuedBy: 'Cyhoeddwyd gan',
    onBehalfOf: (council) => `ar ran ${council}`,
    page: (page, of) => `Tudalen ${page} o ${of}`,
    version: 'Fersiwn Gymraeg',
    welcomesWelsh:
      'Rydym yn croesawu gohebiaeth yn Gymraeg. Byddwn yn ateb yn Gymraeg, ac ni fydd gohebu â ni yn Gymraeg yn arwain at oedi.',
    at: 'am',
    months: [
      'Ionawr',
      'Chwefror',
      'Mawrth',
      'Ebrill',
      'Mai',
      'Mehefin',
      'Gorffennaf',
      'Awst',
      'Medi',
      'Hydref',
      'Tachwedd',
      'Rhagfyr',
    ],
  },
};

/** `2026-11-26` as "26 November 2026" (or "26 Tachwedd 2026"); a fixed table, not the machine's locale data. */
export function longDate(isoDate: string, language: DocumentLanguage): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${chromeLabels[language].months[(month ?? 1) - 1]} ${year}`;
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The UK calendar date and wall-clock time of an instant, as numbers: `2026-12-04`, `01:10`. */
export function londonWallClock(iso: string): { date: string; time: string } {
  const parts = Object.fromEntries(londonClock.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The UK date of an instant, written out: "4 December 2026", "4 Rhagfyr 2026". */
export function dateIn(iso: string, language: DocumentLanguage): string {
  return longDate(londonWallClock(iso).date, language);
}

/** The UK date and time of an instant: "4 December 2026 at 01:10", "4 Rhagfyr 2026 am 01:10". */
export function dateTimeIn(iso: string, language: DocumentLanguage): string {
  const { date, time } = londonWallClock(iso);
  return `${longDate(date, language)} ${chromeLabels[language].at} ${time}`;
}
