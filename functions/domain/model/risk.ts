/**
 * The short risk assessment of a complainant (vulnerability, health, repeat victimisation, fear,
 * hate motivation), asked on the report form and again by staff at any time. Answers only: the
 * score and level come from the policy in force (`policy.risk`).
 */
import * as z from 'zod';

export const riskQuestions = [
  'vulnerable',
  'healthAffected',
  'repeatVictim',
  'feelsUnsafe',
  'hateMotivated',
] as const;
export type RiskQuestion = (typeof riskQuestions)[number];

export const RiskAnswer = z.enum(['yes', 'no', 'prefer-not-to-say'], {
  error: 'Answer yes, no or prefer-not-to-say',
});
export type RiskAnswer = z.infer<typeof RiskAnswer>;

/** Every question is optional: a resident may skip any of them. */
export const RiskAnswers = z.strictObject({
  /** A disability, long-term illness or other circumstance that makes them (or their household) more vulnerable. */
  vulnerable: RiskAnswer.optional(),
  /** The noise is affecting their physical or mental health. */
  healthAffected: RiskAnswer.optional(),
  /** They have been a victim of anti-social behaviour or crime before (repeat victimisation). */
  repeatVictim: RiskAnswer.optional(),
  /** They feel unsafe in their home or area because of it. */
  feelsUnsafe: RiskAnswer.optional(),
  /** They believe they are targeted because of who they are (a possible hate incident). */
  hateMotivated: RiskAnswer.optional(),
});
export type RiskAnswers = z.infer<typeof RiskAnswers>;

export const riskLevels = ['low', 'medium', 'high'] as const;
export const RiskLevel = z.enum(riskLevels);
export type RiskLevel = z.infer<typeof RiskLevel>;
