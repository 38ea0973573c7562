/**
 * Statutory nuisance, Environmental Protection Act 1990 ss.79-82: a duty. The council investigates
 * (s.79); when satisfied a nuisance exists or will recur it serves an abatement notice (s.80), or
 * for noise it may first spend up to 7 days persuading the person responsible to abate it
 * (s.80(2A)), after which the notice must be served if the nuisance remains. The notice is
 * appealable within 21 days (s.80(3)) and says whether an appeal suspends it (reg. 3). Breaching
 * it is an offence (s.80(4)) met by prosecution or works in default (s.81(3)); there is no fixed
 * penalty. Finding no nuisance, the council explains the complainant's own route to court (s.82).
 */
import * as z from 'zod';
import { outboxItem, toComplainants, toSource } from '../../letters/outbox.ts';
import { closeCase } from '../../lifecycle/closing.ts';
import type { LifecycleDeps } from '../../lifecycle/deps.ts';
import { runStep } from '../../lifecycle/step.ts';
import { taskRecord } from '../../lifecycle/tasks.ts';
import type { NoiseCase } from '../../model/case.ts';
import { NoticeParticulars } from '../../notices/model.ts';
import { getNotice, recipientAsPerson } from '../../notices/notices.ts';
import { limitationCheck } from '../../notices/offences.ts';
import { serveNotice } from '../../notices/serve.ts';
import { peopleOf, sourceRecipients } from '../../people/parties.ts';
import { addDays, addWorkingDays } from '../../time.ts';
import type { RouteModule } from '../types.ts';
import {
  abatementNotice,
  abatementNoticeServed,
  informalResolutionToComplainant,
  informalResolutionToSource,
  notANuisanceOutcome,
  worksInDefaultToComplainant,
  worksInDefaultToSource,
} from './letters.ts';

const STATUTE = 'Environmental Protection Act 1990';

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, { error: `Enter ${what}` })
    .max(max, { error: `${what[0]?.toUpperCase()}${what.slice(1)} must be ${max} characters or fewer` });

/** Used when a decision gives no requirements of its own. */
const defaultRequirement = {
  kind: 'stop' as const,
  text: 'Abate the nuisance, and prohibit its recurrence: do not cause, or allow anyone at the premises to cause, noise that is a statutory nuisance to those living nearby.',
};

/** What a decision to serve an abatement notice may say: the shared particulars and the reg. 3 statement. */
export const AbatementParticulars = NoticeParticulars.extend({
  suspendedOnAppeal: z
    .boolean({ error: 'suspendedOnAppeal is true or false: whether an appeal suspends the notice (reg. 3)' })
    .optional(),
});

const InformalSteps = z.strictObject({
  steps: text('the steps taken to persuade the person responsible to abate the noise', 2000).optional(),
});

/** Words for the complainant about the finding; the s.82 explanation is always added. */
const Finding = z.strictObject({
  finding: text('the finding, in words for the complainant', 2000).optional(),
});

const WorksInDefault = z.strictObject({
  works: text('the works the council will carry out (s.81(3))', 2000),
  plannedFor: z.iso.date({ error: 'Enter the date planned for the works as YYYY-MM-DD' }).optional(),
  contractor: text('who will carry out the works', 200).optional(),
  estimatedCostPence: z
    .number({ error: 'Enter the estimated cost in pence' })
    .int({ error: 'Enter a whole number of pence' })
    .min(0, { error: 'A cost cannot be negative' })
    .max(100_000_000)
    .optional(),
});

const ALL_OUTCOMES = ['nuisance-exists', 'informal-resolution', 'not-a-nuisance'];

/** The abatement notice is watched from when the watch starts, and at least until its comply and appeal dates. */
async function abatementWatchEnd(deps: LifecycleDeps, c: NoiseCase) {
  const now = deps.clock.now();
  const notice = c.liveNotice ? await getNotice(deps, c.liveNotice.noticeId) : undefined;
  const ends = [
    addDays(now, deps.policy.at(now).nuisance.watchDays).getTime(),
    Date.parse(notice?.complyBy ?? '') || 0,
    Date.parse(notice?.appealUntil ?? '') || 0,
  ];
  return new Date(Math.max(...ends));
}

export const statutoryNuisance: RouteModule = {
  id: 'statutory-nuisance',
  title: `Statutory nuisance (${STATUTE}, Part 3)`,
  enforcement: true,
  phases: ['nuisance-investigation', 'nuisance-abatement', 'nuisance-breach-decision', 'nuisance-works'],
  notices: {
    'abatement-notice': {
      title: 'abatement notice',
      watchKind: 'abatement-watch',
      breachPhase: 'nuisance-breach-decision',
      breachIsOffence: true,
      caseStatus: 'notice-served',
    },
  },
  // No penalty scheme: there is no fixed penalty for breaching an abatement notice.
  triage: [
    {
      outcome: 'investigate-nuisance',
      advice: (c) =>
        c.sourceKind === 'street' || c.sourceKind === 'vehicle'
          ? 'Statutory nuisance (EPA 1990 s.79(1)(ga)): a duty for noise from a vehicle, machinery or equipment in a street (not people in the street): investigate, and if satisfied a nuisance exists or will recur, serve an abatement notice.'
          : `Statutory nuisance (EPA 1990 s.79(1)(g)): always the council's duty for noise from premises: investigate, and if satisfied a nuisance exists or will recur, serve an abatement notice (a short period of informal resolution first is allowed, s.80(2A)).${
              c.sourceKind === 'construction'
                ? ' Construction sites are often controlled under the Control of Pollution Act 1974 s.60 instead.'
                : ''
            }`,
    },
  ],
  tasks: {
    'nuisance-decision': {
      title: 'Decide whether the noise is a statutory nuisance',
      groups: ['caseworker'],
      outcomes: ALL_OUTCOMES,
      // After informal resolution the law allows no second try: a notice, or no nuisance.
      outcomesFor: (_c, _context, variant) =>
        variant === 'after-informal' ? ALL_OUTCOMES.filter((o) => o !== 'informal-resolution') : ALL_OUTCOMES,
      due: (policy, from) => addWorkingDays(from, policy.nuisance.decisionDueWorkingDays),
      onOverdue: 'escalate',
      details: {
        'nuisance-exists': AbatementParticulars,
        'informal-resolution': InformalSteps,
        'not-a-nuisance': Finding,
      },
    },
    'abatement-breach-decision': {
      title: 'Decide what to do about a breach of an abatement notice',
      groups: ['manager'],
      outcomes: ['prosecute', 'works-in-default', 'no-further-action'],
      due: (policy, from) => addWorkingDays(from, policy.nuisance.breachDecisionDueWorkingDays),
      onOverdue: 'escalate',
      details: { 'works-in-default': WorksInDefault },
      check: limitationCheck(['prosecute']),
    },
  },
  deadlines: {
    'informal-resolution': {
      async due(deps) {
        const now = deps.clock.now();
        return addDays(now, deps.policy.at(now).nuisance.informalResolutionDays);
      },
    },
    'abatement-watch': { due: abatementWatchEnd },
  },
  steps: {
    async start(deps, input) {
      const c = await runStep(deps, input, 'start-nuisance-investigation', async () => ({
        type: 'NuisanceInvestigationStarted',
        data: { statute: `${STATUTE}, section 79` },
        patch: { status: 'under-investigation' },
        residentTitle: 'The council is investigating whether the noise is a statutory nuisance',
      }));
      return { status: c.status };
    },
    async 'informal-resolution'(deps, input) {
      const task = await taskRecord(deps, input.args?.taskId as string | undefined);
      const steps = (task?.decision?.details as z.infer<typeof InformalSteps> | undefined)?.steps;
      const c = await runStep(deps, input, 'informal-resolution', async (current, { opId, at }) => {
        const until = addDays(new Date(at), deps.policy.at(new Date(at)).nuisance.informalResolutionDays);
        const people = await peopleOf(deps, current);
        const letters = [
          ...toSource(
            current,
            sourceRecipients(people),
            'informalResolution',
            (to) => informalResolutionToSource(to, current, until.toISOString()),
            opId,
            at,
          ),
          ...toComplainants(
            current,
            people.complainants,
            'informalResolutionStarted',
            (to) => informalResolutionToComplainant(to, current, at, until.toISOString()),
            opId,
            at,
          ),
        ];
        return {
          type: 'InformalResolutionStarted',
          data: {
            until: until.toISOString(),
            statute: `${STATUTE}, section 80(2A)`,
            ...(steps ? { steps } : {}),
            messages: letters.map((m) => m.messageId),
          },
          residentTitle: 'The council asked the person responsible to stop the noise',
          items: letters.map(outboxItem),
        };
      });
      return { status: c.status };
    },
    /**
     * No nuisance found: the case closes with the finding and the s.82 explanation in the
     * complainant's closure letter. The words are built here from the decision, never carried
     * through the workflow (free text stays out of execution history).
     */
    async 'close-not-a-nuisance'(deps, input) {
      const task = await taskRecord(deps, input.args?.taskId as string | undefined);
      const finding = (task?.decision?.details as z.infer<typeof Finding> | undefined)?.finding;
      const decidedAt = new Date(task?.decision?.decidedAt ?? deps.clock.now());
      const c = await closeCase(deps, {
        ...input,
        outcome: 'not-a-nuisance',
        residentOutcome: notANuisanceOutcome(
          finding,
          deps.policy.at(decidedAt).nuisance.privateActionNoticeDays,
        ),
      });
      return { status: c.status };
    },
    'serve-abatement-notice': (deps, input) =>
      serveNotice(deps, input, {
        step: 'serve-abatement-notice',
        route: 'statutory-nuisance',
        status: 'notice-served',
        terms: (policy, particulars) => ({
          kind: 'abatement-notice',
          statute: `${STATUTE}, section 80`,
          defaultRequirements: [defaultRequirement],
          complyDays: policy.nuisance.complyDays,
          liveMonths: policy.nuisance.liveMonths,
          appealDays: policy.nuisance.appealDays,
          suspendedOnAppeal:
            (particulars?.suspendedOnAppeal as boolean | undefined) ?? policy.nuisance.suspendedOnAppeal,
        }),
        eventType: 'AbatementNoticeServed',
        residentTitle: 'An abatement notice was served',
        letterToRecipient: { template: 'abatementNotice', render: abatementNotice },
        letterToComplainants: { template: 'abatementNoticeServed', render: abatementNoticeServed },
      }),
    /** Works in default (s.81(3)): recorded and announced; the notice stays in force and is watched again. */
    async 'works-in-default'(deps, input) {
      const task = await taskRecord(deps, input.context?.decisionTaskId);
      const works = task?.decision?.details as z.infer<typeof WorksInDefault> | undefined;
      if (!works) throw new Error(`case ${input.caseRef}: works in default without the works recorded`);
      const c = await runStep(deps, input, 'works-in-default', async (current, { opId, at }) => {
        const notice = current.liveNotice ? await getNotice(deps, current.liveNotice.noticeId) : undefined;
        if (!notice) throw new Error(`case ${current.caseRef} has no abatement notice to carry out`);
        const people = await peopleOf(deps, current);
        const letters = [
          ...toSource(
            current,
            [recipientAsPerson(current, notice.recipient, people.source[0], at)],
            'worksInDefault',
            (to) => worksInDefaultToSource(to, current, notice, works),
            opId,
            at,
          ),
          ...toComplainants(
            current,
            people.complainants,
            'worksInDefaultStarted',
            (to) => worksInDefaultToComplainant(to, current),
            opId,
            at,
          ),
        ];
        return {
          type: 'WorksInDefaultRecorded',
          data: {
            noticeId: notice.noticeId,
            statute: `${STATUTE}, section 81(3)`,
            ...works,
            offenceId: input.context?.offenceId ?? null,
            messages: letters.map((m) => m.messageId),
          },
          patch: { status: 'notice-served' },
          residentTitle: 'The council will carry out works to abate the nuisance',
          items: letters.map(outboxItem),
        };
      });
      return { status: c.status };
    },
  },
};
