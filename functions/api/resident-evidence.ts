/**
 * The resident evidence routes (tracking token in X-Tracking-Token), in one Lambda: each route's
 * handler is its own module; this one only picks it by route key. One function for four routes
 * keeps the stack well inside CloudFormation's 500-resource limit (a function with its role,
 * policy, log group and alarms costs six resources, a route three).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { errorBody, json } from '../commons/http/responses.ts';
import { handler as completeUpload } from './evidence/complete-resident-upload.ts';
import { handler as saveEntry } from './evidence/save-diary-entry.ts';
import { handler as startUpload } from './evidence/start-resident-upload.ts';
import { handler as submitSheet } from './evidence/submit-diary-sheet.ts';

export const residentEvidenceRoutes = {
  'POST /cases/{caseRef}/uploads': startUpload,
  'POST /cases/{caseRef}/uploads/{uploadId}': completeUpload,
  'POST /cases/{caseRef}/diary-sheets/{sheetId}/entries': saveEntry,
  'POST /cases/{caseRef}/diary-sheets/{sheetId}/submission': submitSheet,
} as const;

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  const route = residentEvidenceRoutes[event.routeKey as keyof typeof residentEvidenceRoutes];
  if (!route) return json(404, errorBody('NOT_FOUND', `No route for ${event.routeKey}`));
  return route(event, context);
}
