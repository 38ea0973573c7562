/** GOV.UK Notify's delivery receipt, as it POSTs it to the service's callback URL. */
import * as z from 'zod';

/** The receipt as Notify sends it (the fields we use; `to` is personal data and is never read). */
export const NotifyReceipt = z.object({
  id: z.string().min(1).max(64),
  reference: z.string().max(255).nullable(),
  status: z.string().min(1).max(64),
  notification_type: z.enum(['email', 'sms', 'letter']),
  created_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
  sent_at: z.string().nullable().optional(),
});
