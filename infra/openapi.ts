/**
 * The OpenAPI document of Abate's HTTP API, generated from the route list and the same zod
 * schemas that validate requests. `npm run openapi` writes docs/openapi.json; a test fails when
 * the committed document is out of date.
 */

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { NotifyReceipt } from '../functions/adapters/notify/receipt.ts';
import { PayWebhook } from '../functions/adapters/pay/webhook.ts';
import { ListTasksQuery } from '../functions/api/list-tasks.ts';
import { CaseStatus } from '../functions/domain/model/case.ts';
import { ComplaintRequest } from '../functions/domain/model/complaint.ts';
import {
  AppealRequest,
  AssignRequest,
  BreachRequest,
  CloseRequest,
  DecisionRequest,
  EnquiryRequest,
  ListCasesQuery,
  MergeRequest,
  MoveOnRequest,
  NameAndAddressRequest,
  NamePersonRequest,
  NoiseActExceedanceRequest,
  NoiseActWarningNoticeRequest,
  PaymentRequest,
  ReopenRequest,
  RiskAssessmentRequest,
  SplitRequest,
  WithdrawalRequest,
} from '../functions/domain/model/requests.ts';
import { routes } from './functions.ts';

const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const ComplaintReceipt = z.object({
  caseRef: z.string(),
  trackingToken: z.string().describe('Keep it secret: it opens the resident view of the case'),
  status: CaseStatus,
  joinedExistingCase: z.boolean(),
});

const ResidentView = z.object({
  caseRef: z.string(),
  status: CaseStatus,
  statusDescription: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(z.object({ at: z.string(), title: z.string() })),
});

const TaskView = z.object({
  taskId: z.string(),
  caseRef: z.string(),
  type: z.string(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(['open', 'decided', 'cancelled']),
  allowedOutcomes: z.array(z.string()),
  dueAt: z.string(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  decision: z
    .object({ outcome: z.string(), reason: z.string(), decidedBy: z.string(), decidedAt: z.string() })
    .optional(),
});

const PaymentReceipt = z.object({
  penaltyRef: z.string(),
  providerReference: z.string(),
  result: z.enum(['accepted', 'part-payment', 'flagged']),
  amountPence: z.number().int(),
  paidPence: z.number().int(),
  outstandingPence: z.number().int(),
  flags: z.array(z.string()),
});

interface Operation {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  ok: { status: number; schema?: z.ZodType; description: string };
  errors: number[];
}

const operations: Record<string, Operation> = {
  ReportComplaint: {
    summary: 'Report noise',
    body: ComplaintRequest,
    ok: { status: 201, schema: ComplaintReceipt, description: 'The case the report opened or joined' },
    errors: [400, 413, 415, 422],
  },
  FollowCase: {
    summary: "A resident's view of their case (header X-Tracking-Token)",
    ok: { status: 200, schema: ResidentView, description: 'Status and timeline' },
    errors: [404],
  },
  ListTasks: {
    summary: 'Open tasks the caller may decide, oldest due first',
    query: ListTasksQuery,
    ok: { status: 200, schema: z.object({ tasks: z.array(TaskView) }), description: 'Tasks' },
    errors: [400, 401, 403],
  },
  GetTask: {
    summary: 'One task',
    ok: { status: 200, schema: z.object({ task: TaskView }), description: 'The task' },
    errors: [401, 403, 404],
  },
  DecideTask: {
    summary: 'Decide a task, with a reason',
    body: DecisionRequest,
    ok: { status: 200, schema: z.object({ task: TaskView }), description: 'The decided task' },
    errors: [400, 401, 403, 404, 409],
  },
  ListCases: {
    summary: 'Cases in a status, most recently updated first',
    query: ListCasesQuery,
    ok: { status: 200, description: 'A page of cases and a cursor for the next' },
    errors: [400, 401, 403],
  },
  GetCase: {
    summary: 'The full staff view of a case',
    ok: {
      status: 200,
      description: 'Case, parties, complaints, tasks, notices, penalties, outbox and timeline',
    },
    errors: [401, 403, 404],
  },
  RecordBreach: {
    summary: 'Record conduct witnessed against the notice in force (a breach if it counts, else evidence)',
    body: BreachRequest,
    ok: { status: 201, description: 'The breach, and whether it ended a compliance period' },
    errors: [400, 401, 403, 404, 409],
  },
  LodgeAppeal: {
    summary: 'Record an appeal lodged against a notice; a manager records its outcome as a task',
    body: AppealRequest,
    ok: { status: 201, description: 'The appeal, the task for its outcome, and what it suspends' },
    errors: [400, 401, 403, 404, 409],
  },
  RecordWithdrawal: {
    summary: 'A party withdraws from restorative justice',
    body: WithdrawalRequest,
    ok: { status: 200, description: 'The withdrawal' },
    errors: [400, 401, 403, 404, 409],
  },
  NamePerson: {
    summary:
      'Name (or correct) the person responsible, the owner or landlord, or the managing agent; a notice then names the person responsible once confirmed 16 or over',
    body: NamePersonRequest,
    ok: { status: 201, description: 'The person as recorded' },
    errors: [400, 401, 403, 404, 409],
  },
  RecordEnquiry: {
    summary: 'Record a reasonable enquiry made to find the owner or occupier (2014 Act s.45)',
    body: EnquiryRequest,
    ok: { status: 201, description: 'The enquiry, with the line a notice to the occupier cites' },
    errors: [400, 401, 403, 404, 409],
  },
  RequireNameAndAddress: {
    summary:
      'Record a requirement to give a name and address (Police Reform Act 2002 s.50 or Schedule 5; Noise Act 1996 s.8B): officer, accreditation, power, result',
    body: NameAndAddressRequest,
    ok: { status: 201, description: 'The requirement, recorded as an enquiry' },
    errors: [400, 401, 403, 404, 409],
  },
  AssessRisk: {
    summary: 'Assess (or reassess) the risk to a complainant; every assessment is kept',
    body: RiskAssessmentRequest,
    ok: { status: 201, description: 'The assessment, its level and the case priority' },
    errors: [400, 401, 403, 404, 409],
  },
  AssignCase: {
    summary: 'Assign or reassign the case to a member of staff (managers)',
    body: AssignRequest,
    ok: { status: 200, description: 'The owner' },
    errors: [400, 401, 403, 404, 409],
  },
  CloseCase: {
    summary:
      'Close the case by hand, with a reason and letters; its workflow, tasks and waits are stopped (managers)',
    body: CloseRequest,
    ok: { status: 200, description: 'The closure and what it stopped' },
    errors: [400, 401, 403, 404, 409],
  },
  ReopenCase: {
    summary: 'Reopen a closed case; it starts again at triage (managers)',
    body: ReopenRequest,
    ok: { status: 200, description: 'The reopened case' },
    errors: [400, 401, 403, 404, 409],
  },
  MoveCaseOn: {
    summary:
      'Move a stalled case on: restart its phase, send it to a decision, or close it with a reason (managers)',
    body: MoveOnRequest,
    ok: { status: 200, description: 'The phase now running, or the closure' },
    errors: [400, 401, 403, 404, 409],
  },
  SplitCase: {
    summary:
      'Split a report that joined the wrong case into a new case about the place it describes (managers)',
    body: SplitRequest,
    ok: {
      status: 201,
      description: 'The new case; the report, its complainant and their tracking token moved to it',
    },
    errors: [400, 401, 403, 404, 409],
  },
  MergeCases: {
    summary:
      'Merge this case into another about the same source; this case closes with mergedInto and every tracking token keeps working (managers)',
    body: MergeRequest,
    ok: { status: 200, description: 'What moved, and the surviving case' },
    errors: [400, 401, 403, 404, 409],
  },
  RecordPayment: {
    summary: 'Payment notification from the provider (header X-Signature: sha256=<hex HMAC of the raw body>)',
    body: PaymentRequest,
    ok: {
      status: 200,
      schema: PaymentReceipt,
      description: 'The receipt; the same providerReference again returns the same receipt',
    },
    errors: [400, 401, 404],
  },
  NotifyReceipts: {
    summary: "GOV.UK Notify's delivery receipt (header Authorization: Bearer <the token agreed with Notify>)",
    body: NotifyReceipt,
    ok: { status: 200, description: 'What the receipt changed; 503 asks Notify to send it again later' },
    errors: [400, 401, 503],
  },
  StartPayment: {
    summary: 'Start paying a fixed penalty by card with GOV.UK Pay',
    ok: {
      status: 201,
      schema: z.object({ nextUrl: z.url(), amountPence: z.number().int() }),
      description: "GOV.UK Pay's card page for the amount due today",
    },
    errors: [400, 404],
  },
  PaymentAttempt: {
    summary: 'How a card payment went (the attempt id comes back in the return URL)',
    ok: {
      status: 200,
      schema: z.object({
        penaltyRef: z.string(),
        amountPence: z.number().int(),
        status: z.string(),
        finished: z.boolean(),
      }),
      description: "GOV.UK Pay's state of the payment",
    },
    errors: [400, 404],
  },
  PayWebhook: {
    summary: "GOV.UK Pay's webhook (header Pay-Signature: hex HMAC-SHA256 of the raw body)",
    body: PayWebhook,
    ok: {
      status: 200,
      description: 'Recorded in the penalty ledger, or ignored when it is not a penalty payment',
    },
    errors: [400, 401, 404],
  },
  RecordNoiseActWarningNotice: {
    summary:
      'Record a Noise Act warning notice served at night (s.3): only for a dwelling or licensed premises; the period starts at least 10 minutes after service and ends at 07:00 UK time',
    body: NoiseActWarningNoticeRequest,
    ok: { status: 201, description: 'The notice, its period and the permitted level recorded with it' },
    errors: [400, 401, 403, 404, 409],
  },
  RecordNoiseActExceedance: {
    summary:
      'Record a measurement against a Noise Act warning notice: above the permitted level in the period it is the offence (s.4, s.4A); otherwise evidence only',
    body: NoiseActExceedanceRequest,
    ok: { status: 201, description: 'Whether it is the offence, why, and whether a decision was opened' },
    errors: [400, 401, 403, 404, 409],
  },
  GetNoticeDocument: {
    summary:
      "A notice as served, as the PDF posted (noticeId: a notice's id, or a fixed penalty notice's number); facilitators only for cases referred to restorative justice",
    ok: {
      status: 200,
      description:
        'application/pdf: the same bytes Notify was given, whose SHA-256 (header X-Document-SHA256) is the one recorded on the notice when it was served; 409 if they can no longer be reproduced, 410 after retention',
    },
    errors: [400, 401, 403, 404, 409, 410],
  },
};

const schema = (type: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation = operations[route.functionId];
    if (!operation) throw new Error(`route ${route.method} ${route.path} has no OpenAPI description`);
    const parameters = [
      ...[...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(operation.query?.shape ?? {}).map(([name, field]) => ({
        name,
        in: 'query',
        required: !(field as z.ZodType).safeParse(undefined).success,
        schema: schema(field as z.ZodType),
      })),
      ...(route.functionId === 'FollowCase'
        ? [{ name: 'X-Tracking-Token', in: 'header', required: true, schema: { type: 'string' } }]
        : []),
      ...(route.functionId === 'ReportComplaint'
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
            },
          ]
        : []),
      ...(route.functionId === 'PayWebhook'
        ? [
            {
              name: 'Pay-Signature',
              in: 'header',
              required: true,
              schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
            },
          ]
        : []),
      ...(route.functionId === 'RecordPayment'
        ? [
            {
              name: 'X-Signature',
              in: 'header',
              required: true,
              schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
            },
          ]
        : []),
    ];
    const responses: Record<string, unknown> = {
      [operation.ok.status]: {
        description: operation.ok.description,
        ...(operation.ok.schema
          ? { content: { 'application/json': { schema: schema(operation.ok.schema) } } }
          : {}),
      },
    };
    for (const status of operation.errors) {
      responses[status] = {
        description: 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.functionId,
      summary: operation.summary,
      ...(route.access === 'staff' ? { security: [{ staffJwt: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schema(operation.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Abate API',
      version: '1.0.0',
      description:
        'Noise complaints, case workflow decisions and penalty payments for a council community protection team.',
    },
    paths,
    components: {
      schemas: { Error: schema(ErrorResponse) },
      securitySchemes: {
        staffJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito user pool token with groups caseworker, manager or facilitator',
        },
      },
    },
  };
}

export const openApiPath = resolve(import.meta.dirname, '..', 'docs', 'openapi.json');

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(openApiPath, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
  console.log(`wrote ${openApiPath}`);
}
