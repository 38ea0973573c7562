/**
 * Every evidence route (residents' by tracking token, staff's behind the JWT authorizer) in one
 * Lambda: each route's handler is its own module under `evidence/`; this one only picks it by
 * route key. One function for eleven routes keeps the stack inside CloudFormation's 500-resource
 * limit (a function with its role, policy, log group and alarms costs six resources).
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { errorBody, json } from '../commons/http/responses.ts';
import { handler as completeResidentUpload } from './evidence/complete-resident-upload.ts';
import { handler as completeStaffUpload } from './evidence/complete-staff-upload.ts';
import { handler as getFile } from './evidence/get-evidence-file.ts';
import { handler as installMonitoring } from './evidence/install-monitoring.ts';
import { handler as issueSheet } from './evidence/issue-diary-sheet.ts';
import { handler as recordVisit } from './evidence/record-visit.ts';
import { handler as removeMonitoring } from './evidence/remove-monitoring.ts';
import { handler as saveEntry } from './evidence/save-diary-entry.ts';
import { handler as startResidentUpload } from './evidence/start-resident-upload.ts';
import { handler as startStaffUpload } from './evidence/start-staff-upload.ts';
import { handler as submitSheet } from './evidence/submit-diary-sheet.ts';

export const evidenceRoutes = {
  // Residents, with the tracking token they were given
  'POST /cases/{caseRef}/uploads': startResidentUpload,
  'POST /cases/{caseRef}/uploads/{uploadId}': completeResidentUpload,
  'POST /cases/{caseRef}/diary-sheets/{sheetId}/entries': saveEntry,
  'POST /cases/{caseRef}/diary-sheets/{sheetId}/submission': submitSheet,
  // Staff (the route's authorizer has checked the token; each handler checks the groups)
  'POST /cases/{caseRef}/evidence/uploads': startStaffUpload,
  'POST /cases/{caseRef}/evidence/uploads/{uploadId}': completeStaffUpload,
  'GET /cases/{caseRef}/evidence/{fileId}': getFile,
  'POST /cases/{caseRef}/diary-sheets': issueSheet,
  'POST /cases/{caseRef}/visits': recordVisit,
  'POST /cases/{caseRef}/monitoring': installMonitoring,
  'POST /cases/{caseRef}/monitoring/{deploymentId}/removal': removeMonitoring,
} as const;

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  const route = evidenceRoutes[event.routeKey as keyof typeof evidenceRoutes];
  if (!route) return json(404, errorBody('NOT_FOUND', `No route for ${event.routeKey}`));
  return route(event, context);
}
