/** The words a document's frame uses around its content, in English and Welsh. */
import type { Document } from './model.ts';

export interface ChromeLabels {
  reference: string;
  date: string;
  to: string;
  theOccupier: string;
  particulars: string;
  issuedBy: string;
  onBehalfOf: (council: string) => string;
  page: (page: number, of: number) => string;
  months: readonly string[];
}

export const chromeLabels: Record<Document['language'], ChromeLabels> = {
  en: {
    reference: 'Reference',
    date: 'Date',
    to: 'To',
    theOccupier: 'The occupier',
    particulars: 'Particulars',
    issuedBy: 'Issued by',
    onBehalfOf: (council) => `on behalf of ${council}`,
    page: (page, of) => `Page ${page} of ${of}`,
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
export function longDate(isoDate: string, language: Document['language']): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${chromeLabels[language].months[(month ?? 1) - 1]} ${year}`;
}
