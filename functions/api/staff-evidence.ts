/**
 * The staff evidence routes (uploads, downloads, diary sheets, visits, monitoring), in one
 * Lambda: each route's handler is its own module; this one only picks it by route key. One
 * function for seven routes keeps the stack well inside CloudFormation's 500-resource limit.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { errorBody, json } from '../commons/http/responses.ts';
import { handler as completeUpload } from './evidence/complete-staff-upload.ts';
import { handler as getFile } from './evidence/get-evidence-file.ts';
import { handler as installMonitoring } from './evidence/install-monitoring.ts';
import { handler as issueSheet } from './evidence/issue-diary-sheet.ts';
import { handler as recordVisit } from './evidence/record-visit.ts';
import { handler as removeMonitoring } from './evidence/remove-monitoring.ts';
import { handler as startUpload } from './evidence/start-staff-upload.ts';

export const staffEvidenceRoutes = {
  'POST /cases/{caseRef}/evidence/uploads': startUpload,
  'POST /cases/{caseRef}/evidence/uploads/{uploadId}': completeUpload,
  'GET /cases/{caseRef}/evidence/{fileId}': getFile,
  'POST /cases/{caseRef}/diary-sheets': issueSheet,
  'POST /cases/{caseRef}/visits': recordVisit,
  'POST /cases/{caseRef}/monitoring': installMonitoring,
  'POST /cases/{caseRef}/monitoring/{deploymentId}/removal': removeMonitoring,
} as const;

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  const route = staffEvidenceRoutes[event.routeKey as keyof typeof staffEvidenceRoutes];
  if (!route) return json(404, errorBody('NOT_FOUND', `No route for ${event.routeKey}`));
  return route(event, context);
}
