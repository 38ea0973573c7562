/** GOV.UK Pay's webhook message (the fields we read), as Pay POSTs it with its `Pay-Signature`. */
import * as z from 'zod';

export const PayWebhook = z.object({
  webhook_message_id: z.string(),
  created_date: z.iso.datetime({ offset: true }),
  resource_id: z.string(),
  api_version: z.number(),
  resource_type: z.string(),
  event_type: z.string(),
  resource: z.object({
    payment_id: z.string(),
    amount: z.number().int().nonnegative(),
    reference: z.string(),
  }),
});
