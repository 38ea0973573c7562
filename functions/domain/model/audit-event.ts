/**
 * The append-only audit trail: every decision and system step, with who, when and why. Events
 * carry no personal data; they refer to people by party id.
 */
import * as z from 'zod';

export const Actor = z.object({
  kind: z.enum(['resident', 'staff', 'system']),
  /** Staff user id, or the party id of a resident; absent for the system. */
  id: z.string().optional(),
  /** A staff member's display name, so an officer reading the timeline knows who acted. */
  name: z.string().optional(),
  groups: z.array(z.string()).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const AuditEvent = z.object({
  caseRef: z.string(),
  /** The case version this event produced: its position in the trail. */
  version: z.number().int().positive(),
  type: z.string(),
  at: z.string(),
  actor: Actor,
  reason: z.string().optional(),
  /** `resident` events appear on the resident's progress page; `staff` events only to staff. */
  visibility: z.enum(['resident', 'staff']),
  data: z.record(z.string(), z.unknown()),
  /** The operation that wrote it: lets a retry recognise its own event. */
  opId: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
