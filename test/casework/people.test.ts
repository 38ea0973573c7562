/**
 * The people behind the premises over HTTP: a named person responsible is who the next notice
 * names; "the occupier" is used only with the reasonable enquiries recorded, and a requirement
 * to give a name and address is one of them. Complainants say whether they would give evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseView, decide, localNow, openCase, openTask } from '../support/lifecycle.ts';
import { call, complaintBody, startTestStack } from '../support/local-stack.ts';
import { caseworker, expectRefused, manager } from './support.ts';

let env: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  env = await startTestStack({ retryDelayScale: 0.001 });
});
afterAll(async () => {
  await env?.close();
});

const HOUR = 3_600_000;
const earlier = (hours = 1) => new Date(localNow().getTime() - hours * HOUR).toISOString();

type Party = { partyId: string; role: string; name?: string; supersededBy?: string; relationship?: string };
const partiesOf = async (caseRef: string) => (await caseView(env, caseRef)).parties as unknown as Party[];

describe('naming people', () => {
  it('a person responsible named on the case is who the next warning names, in the notice and its letter', async () => {
    const { caseRef } = await openCase(env);
    const named = await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
      role: 'responsible',
      name: 'Dale Resident',
      ageConfirmed16Plus: true,
      relationship: 'Tenant of the flat',
      phone: '01632 960 123',
    });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    await decide(env, caseRef, 'triage', 'warn', { group: 'caseworker' });
    const view = await caseView(env, caseRef);
    expect(view.notices[0]?.recipient).toMatchObject({ kind: 'person', name: 'Dale Resident' });
    const letter = view.outbox.find((m) => m.template === 'communityProtectionWarning');
    expect(letter?.body).toContain('To: Dale Resident');
    expect(letter?.body).toContain('Dear Dale Resident,');
    expect(letter?.partyId).toBe(named.body.person.partyId);
    const event = view.timeline.find((e) => e.type === 'PersonNamed');
    expect(event?.data).toMatchObject({ role: 'responsible', ageConfirmed16Plus: true });
    // The audit trail names no one: the person's details stay in their own record.
    expect(JSON.stringify(view.timeline)).not.toContain('Dale Resident');
  });

  it('a corrected name replaces the old one on the next notice, and the old record is kept as superseded', async () => {
    const { caseRef } = await openCase(env);
    const first = await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
      role: 'responsible',
      name: 'Jon Smyth',
      ageConfirmed16Plus: true,
    });
    const corrected = await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
      role: 'responsible',
      corrects: first.body.person.partyId,
      name: 'John Smith',
      ageConfirmed16Plus: true,
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
    const parties = await partiesOf(caseRef);
    expect(parties.find((p) => p.name === 'Jon Smyth')?.supersededBy).toBe(corrected.body.person.partyId);
    await decide(env, caseRef, 'triage', 'warn', { group: 'caseworker' });
    const view = await caseView(env, caseRef);
    expect(view.notices[0]?.recipient).toMatchObject({ kind: 'person', name: 'John Smith' });
    expect(view.timeline.find((e) => e.type === 'PersonCorrected')?.data).toMatchObject({
      replaces: first.body.person.partyId,
    });
  });

  it('a person not confirmed to be 16 or over is recorded but never named on a notice', async () => {
    const { caseRef } = await openCase(env);
    const unsure = await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
      role: 'responsible',
      name: 'Young Person',
    });
    expect(unsure.status).toBe(400);
    expect(unsure.body.error.fields[0].path).toBe('ageConfirmed16Plus');
    await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
      role: 'responsible',
      name: 'Young Person',
      ageConfirmed16Plus: false,
    });
    await decide(env, caseRef, 'triage', 'warn', { group: 'caseworker' });
    expect((await caseView(env, caseRef)).notices[0]?.recipient.kind).toBe('occupier');
  });

  it('the owner and the managing agent are recorded beside the person responsible', async () => {
    const { caseRef } = await openCase(env);
    const noAddress = await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
      role: 'owner',
      name: 'Landlord Ltd',
    });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.fields[0].path).toBe('address');
    for (const [role, name] of [
      ['owner', 'Ada Landlord'],
      ['agent', 'Northmoor Lettings'],
    ]) {
      const answer = await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
        role,
        name,
        relationship: role === 'owner' ? 'Freehold owner' : 'Managing agent',
        address: { line1: '9 Office Row', postcode: 'NM1 1AA' },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const parties = await partiesOf(caseRef);
    expect(parties.filter((p) => ['owner', 'agent'].includes(p.role)).map((p) => [p.role, p.name])).toEqual(
      expect.arrayContaining([
        ['owner', 'Ada Landlord'],
        ['agent', 'Northmoor Lettings'],
      ]),
    );
  });
});

describe('reasonable enquiries and name-and-address requirements', () => {
  it('a warning to the occupier cites the enquiries recorded, including a name-and-address requirement that was refused', async () => {
    const { caseRef } = await openCase(env);
    const enquiry = await caseworker(env, 'POST', `/cases/${caseRef}/enquiries`, {
      method: 'council-tax',
      madeAt: earlier(5),
      description: 'Asked Council Tax who is liable for the flat',
      findings: 'No one is registered as liable',
    });
    expect(enquiry.status, JSON.stringify(enquiry.body)).toBe(201);
    const requirement = await caseworker(env, 'POST', `/cases/${caseRef}/name-and-address-requirements`, {
      requiredAt: earlier(2),
      power: 'pra-2002-sch5',
      accreditationNumber: 'NM-CSAS-0042',
      accreditationExpiresOn: '2099-01-01',
      result: 'refused',
      notes: 'The man at the door said he would not give his name and shut the door',
    });
    expect(requirement.status, JSON.stringify(requirement.body)).toBe(201);
    await decide(env, caseRef, 'triage', 'warn', { group: 'caseworker' });
    const view = await caseView(env, caseRef);
    const recipient = view.notices[0]?.recipient;
    expect(recipient?.kind).toBe('occupier');
    expect(recipient?.enquiries).toHaveLength(2);
    expect(recipient?.enquiries?.[0]).toContain('Council Tax records');
    expect(recipient?.enquiries?.[1]).toMatch(
      /accreditation NM-CSAS-0042, under Police Reform Act 2002, Schedule 5.*refused/,
    );
    expect(view.case.flags ?? []).not.toContain('occupier-without-enquiries');
    expect(view.timeline.find((e) => e.type === 'NameAndAddressRequired')?.data).toMatchObject({
      power: 'pra-2002-sch5',
      result: 'refused',
      accreditationNumber: 'NM-CSAS-0042',
    });
  });

  it('a warning with nobody named and no enquiries is refused, and a person named on the case is warned without any', async () => {
    const { caseRef } = await openCase(env);
    const task = await openTask(env, caseRef, 'triage', 'caseworker');
    const refused = await caseworker(env, 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Loud music on three nights',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RECIPIENT_NOT_ESTABLISHED');
    expect((await caseView(env, caseRef)).notices).toEqual([]);

    const named = await caseworker(env, 'POST', `/cases/${caseRef}/people`, {
      role: 'responsible',
      name: 'Dale Resident',
      ageConfirmed16Plus: true,
    });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    const warned = await caseworker(env, 'POST', `/tasks/${task.taskId}/decision`, {
      outcome: 'warn',
      reason: 'Loud music on three nights',
    });
    expect(warned.status, JSON.stringify(warned.body)).toBe(200);
    await env.stack.settle();
    const view = await caseView(env, caseRef);
    expect(view.case.enquiryCount ?? 0).toBe(0);
    expect(view.notices[0]?.recipient).toMatchObject({ kind: 'person', name: 'Dale Resident' });
  });

  it('a requirement made after the accreditation expired, in the future, or given without the details is refused', async () => {
    const { caseRef } = await openCase(env);
    const base = {
      requiredAt: earlier(),
      power: 'pra-2002-sch5',
      accreditationNumber: 'NM-CSAS-0042',
      result: 'refused',
    };
    const path = `/cases/${caseRef}/name-and-address-requirements`;
    const expired = await caseworker(env, 'POST', path, { ...base, accreditationExpiresOn: '2020-01-01' });
    expect(expired.status).toBe(400);
    expect(expired.body.error.fields[0].path).toBe('accreditationExpiresOn');
    const future = await caseworker(env, 'POST', path, { ...base, requiredAt: earlier(-48) });
    expect(future.body.error.fields[0].path).toBe('requiredAt');
    const noDetails = await caseworker(env, 'POST', path, { ...base, result: 'given' });
    expect(noDetails.body.error.fields[0].path).toBe('name');
    const given = await caseworker(env, 'POST', path, {
      ...base,
      power: 'noise-act-s8b',
      result: 'given',
      name: 'Pat Example',
      address: { line1: '14 Given Street', postcode: 'E8 1DY' },
    });
    expect(given.status).toBe(201);
    expect(JSON.stringify((await caseView(env, caseRef)).timeline)).not.toContain('Pat Example');
  });

  it('nothing is recorded on a case that was merged into another', async () => {
    const a = await openCase(env);
    const b = await openCase(env);
    const merged = await manager(env, 'POST', `/cases/${a.caseRef}/merge`, {
      into: b.caseRef,
      reason: 'Same flat',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expectRefused(
      await caseworker(env, 'POST', `/cases/${a.caseRef}/enquiries`, {
        method: 'other',
        madeAt: earlier(),
        description: 'Asked around',
        findings: 'Nothing',
      }),
      'CASE_MERGED',
    );
  });
});

describe('willingness to give evidence', () => {
  it('a complainant says whether they would give evidence in court, and staff see it', async () => {
    const body = complaintBody();
    const willing = { ...body, complainant: { ...body.complainant, willingToGiveEvidence: true } };
    const answer = await call(env.stack, 'POST', '/complaints', { json: willing });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    await env.stack.settle();
    const complainant = (await partiesOf(answer.body.caseRef)).find((p) => p.role === 'complainant');
    expect(complainant).toMatchObject({ willingToGiveEvidence: true });
    const notBoolean = await call(env.stack, 'POST', '/complaints', {
      json: { ...body, complainant: { ...body.complainant, willingToGiveEvidence: 'maybe' } },
    });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.error.fields[0].path).toBe('complainant.willingToGiveEvidence');
  });
});
