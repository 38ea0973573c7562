/**
 * The body of `/_local/clock/advance`, read with zod. Apart from the server so that starting the
 * runtime does not load zod before anything needs it.
 */
import * as z from 'zod';

const TEN_YEARS_MS = 3_650 * 24 * 60 * 60_000;
const advanceMs = ({
  days = 0,
  hours = 0,
  minutes = 0,
}: {
  days?: number;
  hours?: number;
  minutes?: number;
}) => ((days * 24 + hours) * 60 + minutes) * 60_000;

/** A `/_local/clock/advance` body: `{"days": 14}`, `{"hours": 2, "minutes": 30}`; forward only, at most ten years. */
export const clockAdvanceRequest = z
  .object({
    days: z.number().nonnegative().optional(),
    hours: z.number().nonnegative().optional(),
    minutes: z.number().nonnegative().optional(),
  })
  .strict()
  // Only for a body whose fields are each valid, so a bad field gets one message, not two.
  .refine((body) => advanceMs(body) > 0, {
    message: 'Give a number of days, hours or minutes greater than 0',
    when: (payload) => payload.issues.length === 0,
  })
  .refine((body) => advanceMs(body) <= TEN_YEARS_MS, {
    message: 'Advance at most ten years at once',
    when: (payload) => payload.issues.length === 0,
  });

/** Milliseconds to move the clock for a `/_local/clock/advance` body; throws a zod error for a bad one. */
export function clockAdvanceMs(body: unknown): number {
  return advanceMs(clockAdvanceRequest.parse(body));
}
