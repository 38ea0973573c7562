/** Key builders for the single table (the schema is documented in infra/table/schema.ts). */
export const keys = {
  case: (caseRef: string) => ({ pk: `CASE#${caseRef}`, sk: 'CASE' }),
  event: (caseRef: string, version: number) => ({
    pk: `CASE#${caseRef}`,
    sk: `EVENT#${String(version).padStart(6, '0')}`,
  }),
  complaint: (caseRef: string, receivedAt: string, complaintId: string) => ({
    pk: `CASE#${caseRef}`,
    sk: `COMPLAINT#${receivedAt}#${complaintId}`,
  }),
  partyLink: (caseRef: string, role: string, partyId: string) => ({
    pk: `CASE#${caseRef}`,
    sk: `PARTY#${role}#${partyId}`,
  }),
  person: (partyId: string) => ({ pk: `PERSON#${partyId}`, sk: 'PROFILE' }),
  tracking: (tokenHash: string) => ({ pk: `TRACK#${tokenHash}`, sk: 'TOKEN' }),
  source: (sourceKey: string) => ({ pk: `SOURCE#${sourceKey}`, sk: 'CASE' }),
  caseRefCounter: (year: number) => ({ pk: `COUNTER#CASEREF#${year}`, sk: 'COUNTER' }),
};

export const casePartition = (caseRef: string) => `CASE#${caseRef}`;
