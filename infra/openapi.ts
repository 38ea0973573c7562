/**
 * The OpenAPI document of Abate's HTTP API, generated from the route list and the same zod
 * schemas that validate requests and describe responses (functions/domain/model/responses.ts).
 * `npm run openapi` writes docs/openapi.json; a test fails when the committed document is out of
 * date, and the contract test (test/contract/) checks every answer of the local stack against it.
 *
 * Adding a route: give it one entry in `operations` below, keyed by its function id (or by its
 * route key, `POST /path`, with an `operationId`, when one function serves several). Say what it
 * answers on success (`ok`, with its schema) and the refusals particular to it (`errors`); the
 * refusals every route of its kind has (bad input, sign-in, roles, size, media type, the
 * gateway's own answers) are added here from the route's access and whether it takes a body.
 * The generator refuses a route without an entry, and a provider route without a security scheme.
 */

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { NotifyReceipt } from '../functions/adapters/notify/receipt.ts';
import { PayWebhook } from '../functions/adapters/pay/webhook.ts';
import { ListTasksQuery } from '../functions/api/list-tasks.ts';
import { Open311ListQuery } from '../functions/api/open311-list.ts';
import {
  EvidenceFileKept,
  EvidenceFileLink,
  MonitoringView,
  ResidentDiarySheet,
  StaffDiarySheet,
  UploadStarted,
  VisitRecorded,
} from '../functions/domain/evidence/responses.ts';
import { ComplaintRequest } from '../functions/domain/model/complaint.ts';
import {
  AppealRequest,
  AssignRequest,
  BreachRequest,
  CloseRequest,
  DecisionRequest,
  DiaryEntryRequest,
  EnquiryRequest,
  IssueDiarySheetRequest,
  ListCasesQuery,
  MergeRequest,
  MonitoringInstallRequest,
  MonitoringRemovalRequest,
  MoveOnRequest,
  NameAndAddressRequest,
  NamePersonRequest,
  NoiseActExceedanceRequest,
  NoiseActWarningNoticeRequest,
  PaymentRequest,
  ReopenRequest,
  RiskAssessmentRequest,
  SplitRequest,
  UploadRequest,
  VisitRequest,
  WithdrawalRequest,
} from '../functions/domain/model/requests.ts';
import {
  AppealLodged,
  BreachRecorded,
  CardPaymentStarted,
  CardPaymentState,
  CaseAssigned,
  CaseClosed,
  CaseList,
  CaseMovedOn,
  CaseReopened,
  CaseSplit,
  CasesMerged,
  ComplaintReceipt,
  EnquiryRecorded,
  NoiseActExceedanceRecorded,
  NoiseActWarningNoticeRecorded,
  NotifyReceiptAnswer,
  namedResponseSchemas,
  OneTask,
  PaymentReceipt,
  PayWebhookAnswer,
  PersonNamed,
  ResidentCaseView,
  RiskAssessed,
  StaffCaseView,
  TaskList,
  WithdrawalRecorded,
} from '../functions/domain/model/responses.ts';
import {
  ErrorsJson,
  PostedRequestJson,
  RequestStatusesJson,
  ServiceDefinitionJson,
  ServiceListJson,
} from '../functions/domain/open311/documents.ts';
import { type RouteSpec, routes } from './functions.ts';

/** How callers prove who they are: `components.securitySchemes`, used by the routes' `security`. */
const securitySchemes = {
  staffJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "Staff sign in through Cognito: API Gateway's JWT authorizer checks the token (issuer, audience, expiry) before the handler runs, and handlers check the groups caseworker, manager or facilitator. Locally, `npm run dev-token -- <group>` signs one with the local dev key.",
  },
  trackingToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Tracking-Token',
    description:
      "The tracking token a report answered with: it opens that resident's view of their case and nothing else. A wrong token and an unknown case both answer 404, so nobody can probe for cases.",
  },
  paymentSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      'The payment provider signs each notification: `sha256=<64 hex digits>`, the HMAC-SHA256 of the raw request body with the shared secret (locally `abate-local-payment-secret`, or `ABATE_PAYMENT_SECRET`). The signature is checked before the body is read.',
  },
  paySignature: {
    type: 'apiKey',
    in: 'header',
    name: 'Pay-Signature',
    description:
      "GOV.UK Pay signs each webhook: 64 hex digits, the HMAC-SHA256 of the raw request body with the webhook's signing secret. The signature is checked before the body is read.",
  },
  open311ApiKey: {
    type: 'apiKey',
    in: 'query',
    name: 'api_key',
    description:
      "An Open311 client's key (GeoReport v2): FixMyStreet sends it as the `api_key` field of the form it posts; a query parameter of that name is read too. Keys are configured per client; a missing or unknown key is refused with 403.",
  },
  notifyBearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'GOV.UK Notify sends the bearer token the service set up with it for its callbacks; anything else is refused before the body is read.',
  },
} as const;
type SchemeName = keyof typeof securitySchemes;

/** Statuses a route may answer besides its success; `errors` describes the ones particular to it. */
type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 422 | 503;

interface Operation {
  /** Its id when one function serves several routes (the entry is then keyed by route key, `POST /path`). */
  operationId?: string;
  summary: string;
  /** How the caller proves who they are (staff routes: always `staffJwt`); none for a public route. */
  security?: SchemeName;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Request headers that are not credentials. */
  headers?: { name: string; description: string; schema: Record<string, unknown> }[];
  ok: {
    status: number;
    description: string;
    headers?: Record<string, { description: string; schema: Record<string, unknown> }>;
  } & (
    | { schema: z.ZodType; mediaType?: never }
    /** A success that is not JSON (a notice's PDF): the media type of its bytes. */
    | { mediaType: 'application/pdf'; schema?: never }
  );
  /** The refusals particular to this route: when each happens, and the error codes it carries. */
  errors: Partial<Record<ErrorStatus, string>>;
  /**
   * `open311`: a GeoReport v2 route (docs/open311.md): it answers in XML or JSON as its path's
   * extension says, refuses with Open311's array of `{code, description}`, and takes forms.
   */
  format?: 'open311';
}

const caseNotFound = 'No case with that reference';

const operations: Record<string, Operation> = {
  ReportComplaint: {
    summary: 'Report noise',
    body: ComplaintRequest,
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'Makes a retry safe: the same key and body, however much later, returns the first answer and records nothing new; the key stays spent (another body with it is refused)',
        schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
      },
    ],
    ok: {
      status: 201,
      schema: ComplaintReceipt,
      description: 'The case the report opened or joined',
      headers: {
        Location: {
          description: "The resident's view of the case: `/cases/{caseRef}/progress`",
          schema: { type: 'string' },
        },
      },
    },
    errors: {
      422: '`IDEMPOTENCY_KEY_REUSED`: the Idempotency-Key was already used with a different report',
      503: '`BUSY`: too many reports about the same place are arriving at once; try again in a moment',
    },
  },
  FollowCase: {
    summary: "A resident's view of their case",
    security: 'trackingToken',
    ok: { status: 200, schema: ResidentCaseView, description: 'Status and timeline' },
    errors: {
      404: 'No case matches that reference and tracking token (a missing or wrong token answers the same)',
    },
  },
  ListTasks: {
    summary: 'Open tasks the caller may decide, oldest due first',
    query: ListTasksQuery,
    ok: { status: 200, schema: TaskList, description: 'Tasks' },
    errors: {},
  },
  GetTask: {
    summary: 'One task',
    ok: { status: 200, schema: OneTask, description: 'The task' },
    errors: { 403: 'The task is for another team', 404: 'No task with that id' },
  },
  DecideTask: {
    summary: 'Decide a task, with a reason',
    body: DecisionRequest,
    ok: {
      status: 200,
      schema: OneTask,
      description: 'The decided task; the same decision again answers the same',
    },
    errors: {
      400: 'An outcome the task does not allow, or details the outcome needs missing or wrong',
      403: 'Only the groups the task names may decide it',
      404: 'No task with that id',
      409: '`TASK_ALREADY_DECIDED` (decided otherwise), `TASK_NO_LONGER_WAITING` (no workflow waits for it), or a refusal the law makes (`LIMITATION_PERIOD_ENDED`)',
    },
  },
  ListCases: {
    summary: 'Cases in a status, most recently updated first',
    query: ListCasesQuery,
    ok: { status: 200, schema: CaseList, description: 'A page of cases and a cursor for the next' },
    errors: { 400: 'A cursor this list did not give out' },
  },
  GetCase: {
    summary: 'The full staff view of a case',
    ok: {
      status: 200,
      schema: StaffCaseView,
      description: 'Case, parties, complaints, tasks, notices, penalties, outbox and timeline',
    },
    errors: { 403: 'A facilitator may see only cases referred to restorative justice', 404: caseNotFound },
  },
  RecordBreach: {
    summary: 'Record conduct witnessed against the notice in force (a breach if it counts, else evidence)',
    body: BreachRequest,
    ok: {
      status: 201,
      schema: BreachRecorded,
      description: 'The breach, and whether it ended a compliance period',
    },
    errors: { 404: caseNotFound, 409: '`CASE_MERGED`: record it on the case this one joined' },
  },
  LodgeAppeal: {
    summary: 'Record an appeal lodged against a notice; a manager records its outcome as a task',
    body: AppealRequest,
    ok: {
      status: 201,
      schema: AppealLodged,
      description: 'The appeal, the task for its outcome, and what it suspends',
    },
    errors: {
      400: 'No such notice on the case, a notice that cannot be appealed, or lodged before service or after the time to appeal',
      404: caseNotFound,
      409: '`NOTICE_NOT_IN_FORCE`, or `APPEAL_PENDING`: an appeal against the notice is already pending',
    },
  },
  RecordWithdrawal: {
    summary: 'A party withdraws from restorative justice',
    body: WithdrawalRequest,
    ok: { status: 200, schema: WithdrawalRecorded, description: 'The withdrawal' },
    errors: {
      404: caseNotFound,
      409: '`NOT_IN_RESTORATIVE_PROCESS`: no restorative step waits on the parties',
    },
  },
  NamePerson: {
    summary:
      'Name (or correct) the person responsible, the owner or landlord, or the managing agent; a notice then names the person responsible once confirmed 16 or over',
    body: NamePersonRequest,
    ok: { status: 201, schema: PersonNamed, description: 'The person as recorded' },
    errors: { 404: caseNotFound, 409: '`CASE_MERGED`' },
  },
  RecordEnquiry: {
    summary: 'Record a reasonable enquiry made to find the owner or occupier (2014 Act s.45)',
    body: EnquiryRequest,
    ok: {
      status: 201,
      schema: EnquiryRecorded,
      description: 'The enquiry, with the line a notice to the occupier cites',
    },
    errors: { 404: caseNotFound, 409: '`CASE_MERGED`' },
  },
  RequireNameAndAddress: {
    summary:
      'Record a requirement to give a name and address (Police Reform Act 2002 s.50 or Schedule 5; Noise Act 1996 s.8B): officer, accreditation, power, result',
    body: NameAndAddressRequest,
    ok: { status: 201, schema: EnquiryRecorded, description: 'The requirement, recorded as an enquiry' },
    errors: { 404: caseNotFound, 409: '`CASE_MERGED`' },
  },
  AssessRisk: {
    summary: 'Assess (or reassess) the risk to a complainant; every assessment is kept',
    body: RiskAssessmentRequest,
    ok: { status: 201, schema: RiskAssessed, description: 'The assessment, its level and the case priority' },
    errors: { 404: caseNotFound, 409: '`CASE_CLOSED` or `CASE_MERGED`' },
  },
  AssignCase: {
    summary: 'Assign or reassign the case to a member of staff (managers)',
    body: AssignRequest,
    ok: { status: 200, schema: CaseAssigned, description: 'The owner' },
    errors: { 404: caseNotFound, 409: '`CASE_CLOSED` or `CASE_MERGED`' },
  },
  CloseCase: {
    summary:
      'Close the case by hand, with a reason and letters; its workflow, tasks and waits are stopped (managers)',
    body: CloseRequest,
    ok: { status: 200, schema: CaseClosed, description: 'The closure and what it stopped' },
    errors: { 404: caseNotFound, 409: '`CASE_CLOSED` (already) or `CASE_MERGED`' },
  },
  ReopenCase: {
    summary: 'Reopen a closed case; it starts again at triage (managers)',
    body: ReopenRequest,
    ok: { status: 200, schema: CaseReopened, description: 'The reopened case' },
    errors: {
      404: caseNotFound,
      409: '`CASE_NOT_CLOSED`, `CASE_ANONYMISED` (its retention period ended) or `CASE_MERGED`',
    },
  },
  MoveCaseOn: {
    summary:
      'Move a stalled case on: restart its phase, send it to a decision, or close it with a reason (managers)',
    body: MoveOnRequest,
    ok: { status: 200, schema: CaseMovedOn, description: 'The phase now running, or the closure' },
    errors: {
      400: 'A phase that does not begin with a decision, or a breach the decision does not act on',
      404: caseNotFound,
      409: '`CASE_NOT_STALLED`, `CASE_CLOSED`, `CASE_MERGED`, `NO_PHASE_TO_RESTART` or `NO_COUNTING_BREACH`',
    },
  },
  SplitCase: {
    summary:
      'Split a report that joined the wrong case into a new case about the place it describes (managers)',
    body: SplitRequest,
    ok: {
      status: 201,
      schema: CaseSplit,
      description: 'The new case; the report, its complainant and their tracking token moved to it',
    },
    errors: {
      400: 'No such report on the case',
      404: caseNotFound,
      409: '`CASE_CLOSED`, `CASE_MERGED`, `ONLY_REPORT` (the case has no other) or `SOURCE_HAS_OPEN_CASE` (merge instead)',
    },
  },
  MergeCases: {
    summary:
      'Merge this case into another about the same source; this case closes with mergedInto and every tracking token keeps working (managers)',
    body: MergeRequest,
    ok: { status: 200, schema: CasesMerged, description: 'What moved, and the surviving case' },
    errors: {
      400: 'The case to merge into does not exist, is this case, or is about another place',
      404: caseNotFound,
      409: '`CASE_CLOSED`, `CASE_MERGED` or `CASE_HAS_LIVE_NOTICE`',
    },
  },
  RecordPayment: {
    summary: 'Payment notification from the payment provider',
    security: 'paymentSignature',
    body: PaymentRequest,
    ok: {
      status: 200,
      schema: PaymentReceipt,
      description: 'The receipt; the same providerReference again returns the same receipt',
    },
    errors: {
      404: 'No penalty with that reference',
      409: '`PAYMENT_REFERENCE_USED` (for another penalty) or `PAYMENT_REFERENCE_CONFLICT` (with another amount or time)',
    },
  },
  NotifyReceipts: {
    summary: "GOV.UK Notify's delivery receipt",
    security: 'notifyBearer',
    body: NotifyReceipt,
    ok: { status: 200, schema: NotifyReceiptAnswer, description: 'What the receipt changed' },
    errors: {
      503: '`TRY_AGAIN`: the receipt arrived before the send was recorded; Notify sends it again later',
    },
  },
  StartPayment: {
    summary: 'Start paying a fixed penalty by card with GOV.UK Pay',
    ok: {
      status: 201,
      schema: CardPaymentStarted,
      description: "GOV.UK Pay's card page for the amount due today",
    },
    errors: { 404: 'Nothing to pay on a notice with that number' },
  },
  PaymentAttempt: {
    summary: 'How a card payment went (the attempt id comes back in the return URL)',
    ok: { status: 200, schema: CardPaymentState, description: "GOV.UK Pay's state of the payment" },
    errors: { 404: 'No payment with that reference' },
  },
  PayWebhook: {
    summary: "GOV.UK Pay's webhook",
    security: 'paySignature',
    body: PayWebhook,
    ok: {
      status: 200,
      schema: PayWebhookAnswer,
      description: 'Recorded in the penalty ledger, or ignored when it is not a penalty payment',
    },
    errors: {
      404: 'No penalty with the reference the payment carries',
      409: '`PAYMENT_REFERENCE_USED` or `PAYMENT_REFERENCE_CONFLICT`',
    },
  },
  RecordNoiseActWarningNotice: {
    summary:
      'Record a Noise Act warning notice served at night (s.3): only for a dwelling or licensed premises; the period starts at least 10 minutes after service and ends at 07:00 UK time',
    body: NoiseActWarningNoticeRequest,
    ok: {
      status: 201,
      schema: NoiseActWarningNoticeRecorded,
      description: 'The notice, its period and the permitted level recorded with it',
    },
    errors: {
      400: 'The notice does not meet section 3 of the Noise Act 1996',
      404: caseNotFound,
      409: '`CASE_MERGED`, `CASE_CLOSED`, `NOISE_ACT_NOT_AVAILABLE` (not a dwelling or licensed premises) or `WARNING_PERIOD_RUNNING`',
    },
  },
  RecordNoiseActExceedance: {
    summary:
      'Record a measurement against a Noise Act warning notice: above the permitted level in the period it is the offence (s.4, s.4A); otherwise evidence only',
    body: NoiseActExceedanceRequest,
    ok: {
      status: 201,
      schema: NoiseActExceedanceRecorded,
      description: 'Whether it is the offence, why, and whether a decision was opened',
    },
    errors: { 404: caseNotFound, 409: '`CASE_MERGED`' },
  },

  // ── Evidence (functions/domain/evidence): one function, so keyed by route ──
  'POST /cases/{caseRef}/uploads': {
    operationId: 'StartResidentUpload',
    summary:
      'A resident asks to send a recording, photo or document: a signed link that takes exactly that file',
    security: 'trackingToken',
    body: UploadRequest,
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'Makes a retry safe: the same key gives the same upload (a start writes nothing, so without one each start is new)',
        schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
      },
    ],
    ok: {
      status: 200,
      schema: UploadStarted,
      description: 'Where to PUT the file, until when; nothing is stored yet',
    },
    errors: {
      400: 'Field `file`: a type the council does not accept, or larger than its limit, or empty',
      404: 'No case matches that reference and tracking token',
      409: '`CASE_CLOSED`: report the noise again to reopen the case',
    },
  },
  'POST /cases/{caseRef}/uploads/{uploadId}': {
    operationId: 'CompleteResidentUpload',
    summary:
      "The resident's file was sent: judged on its content and kept with its SHA-256, or refused and deleted",
    security: 'trackingToken',
    ok: {
      status: 201,
      schema: EvidenceFileKept,
      description:
        'The file as kept, with the SHA-256 of its bytes (`duplicate`: the same bytes were already on the case)',
    },
    errors: {
      400: 'Field `file`: its content is not a type the council accepts, is not what it was sent as, or is too large; it was deleted',
      404: 'No case matches that reference and tracking token, or nothing was uploaded for this upload (or it expired)',
    },
  },
  'POST /cases/{caseRef}/diary-sheets/{sheetId}/entries': {
    operationId: 'SaveDiaryEntry',
    summary: 'A resident saves one diary entry as a draft (the same entryId again changes it)',
    security: 'trackingToken',
    body: DiaryEntryRequest,
    ok: { status: 200, schema: ResidentDiarySheet, description: 'The diary sheet with its entries' },
    errors: {
      400: "A date outside the sheet's period or in the future",
      404: 'No case matches that reference and tracking token, or no diary sheet of theirs with that id',
      409: '`DIARY_SHEET_RETURNED` (sent: read-only), `DIARY_SHEET_FULL`, or `CASE_CLOSED`',
    },
  },
  'POST /cases/{caseRef}/diary-sheets/{sheetId}/submission': {
    operationId: 'SubmitDiarySheet',
    summary: 'A resident sends their diary sheet: its entries become read-only and a caseworker reviews them',
    security: 'trackingToken',
    ok: {
      status: 200,
      schema: ResidentDiarySheet,
      description: 'The sent diary sheet; sending it again answers the same',
    },
    errors: {
      404: 'No case matches that reference and tracking token, or no diary sheet of theirs with that id',
      409: '`CASE_CLOSED`',
    },
  },
  'POST /cases/{caseRef}/evidence/uploads': {
    operationId: 'StartStaffUpload',
    summary: 'An officer asks to add a file to a case: a signed link that takes exactly that file',
    body: UploadRequest,
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'Makes a retry safe: the same key gives the same upload (a start writes nothing, so without one each start is new)',
        schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
      },
    ],
    ok: {
      status: 200,
      schema: UploadStarted,
      description: 'Where to PUT the file, until when; nothing is stored yet',
    },
    errors: {
      400: 'Field `file`: a type the council does not accept, or larger than its limit, or empty',
      403: 'A facilitator may add files only to cases referred to restorative justice',
      404: caseNotFound,
    },
  },
  'POST /cases/{caseRef}/evidence/uploads/{uploadId}': {
    operationId: 'CompleteStaffUpload',
    summary:
      "The officer's file was sent: judged on its content and kept with its SHA-256, or refused and deleted",
    ok: {
      status: 201,
      schema: EvidenceFileKept,
      description: 'The file as kept, reviewed by the officer who added it',
    },
    errors: {
      400: 'Field `file`: its content is not a type the council accepts, is not what it was sent as, or is too large; it was deleted',
      403: 'A facilitator may add files only to cases referred to restorative justice',
      404: 'No case with that reference, or nothing was uploaded for this upload (or it expired)',
    },
  },
  'GET /cases/{caseRef}/evidence/{fileId}': {
    operationId: 'GetEvidenceFile',
    summary: "A file's record and a short-lived link to download it",
    ok: {
      status: 200,
      schema: EvidenceFileLink,
      description: 'The file and a download link (an attachment)',
    },
    errors: {
      403: 'A facilitator may read files only of cases referred to restorative justice',
      404: "No case or file with that id, or `FILE_DELETED` at the end of the case's retention",
    },
  },
  'POST /cases/{caseRef}/diary-sheets': {
    operationId: 'IssueDiarySheet',
    summary:
      'Give a complainant a diary sheet to keep for a period (policy: 14 to 28 days); they hear by letter',
    body: IssueDiarySheetRequest,
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'Makes a retry safe: the same key gives the same sheet (without one, the same complainant and period on the same day)',
        schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
      },
    ],
    ok: { status: 201, schema: StaffDiarySheet, description: 'The diary sheet, its period and due date' },
    errors: {
      400: "A period outside the policy's range, or no complainant chosen on a case with several",
      404: caseNotFound,
      409: '`DIARY_SHEET_OPEN` (that complainant has one out) or `CASE_CLOSED`',
    },
  },
  'POST /cases/{caseRef}/visits': {
    operationId: 'RecordVisit',
    summary:
      'Record an officer visit and what was witnessed; a breach is recorded in the same step, by the same rules',
    body: VisitRequest,
    ok: {
      status: 201,
      schema: VisitRecorded,
      description: 'The visit, and the breach with whether it counts and was acted on',
    },
    errors: {
      400: 'A visit in the future, or files the case does not have',
      404: caseNotFound,
      409: '`CASE_MERGED`: record it on the case this one joined',
    },
  },
  'POST /cases/{caseRef}/monitoring': {
    operationId: 'InstallMonitoring',
    summary: 'Record noise monitoring equipment installed (kit, calibration date, when, where)',
    body: MonitoringInstallRequest,
    ok: { status: 201, schema: MonitoringView, description: 'The deployment' },
    errors: {
      400: "The kit's calibration had lapsed, or dates that do not fit",
      404: caseNotFound,
      409: '`KIT_INSTALLED` (that kit is in already) or `MONITORING_LIMIT` (a manager may go beyond it)',
    },
  },
  'POST /cases/{caseRef}/monitoring/{deploymentId}/removal': {
    operationId: 'RemoveMonitoring',
    summary: 'Record monitoring equipment removed, with its result and the files it produced',
    body: MonitoringRemovalRequest,
    ok: {
      status: 200,
      schema: MonitoringView,
      description: 'The deployment as removed; the same removal again answers the same',
    },
    errors: {
      400: 'Removed before it was installed or in the future, or files the case does not have',
      404: 'No case, or no deployment with that id on it',
      409: '`KIT_REMOVED`: it was recorded as removed already, at another time',
    },
  },
  Open311List: {
    // Open311 GeoReport v2 (docs/open311.md): `.xml` (or no extension) answers in XML, `.json` in
    // JSON; the function's refusals are Open311's array of {code, description} (XML <errors>),
    // the gateway's keep its own shape (open311Responses below).
    summary:
      "Open311: services.xml|json lists the noise services; requests.xml|json?service_request_id=a,b gives those requests' status (no other listing)",
    query: Open311ListQuery,
    ok: {
      status: 200,
      schema: z.union([ServiceListJson, RequestStatusesJson]),
      description: 'The services, or the requests asked for that exist (in JSON for .json, XML otherwise)',
    },
    format: 'open311',
    errors: {},
  },
  Open311ServiceDefinition: {
    summary: "Open311: a noise service's definition, e.g. /open311/v2/services/music.xml",
    ok: { status: 200, schema: ServiceDefinitionJson, description: 'The questions every noise report asks' },
    format: 'open311',
    errors: {},
  },
  Open311Request: {
    summary:
      "Open311: one request's status, e.g. /open311/v2/requests/<id>.xml; 404 when no such id was given",
    ok: {
      status: 200,
      schema: RequestStatusesJson,
      description: 'The request, open or closed, and its stage',
    },
    format: 'open311',
    errors: {},
  },
  Open311PostRequest: {
    summary:
      "Open311: post a noise report to requests.xml|json as application/x-www-form-urlencoded with the client's api_key (403 without a known one); a retry with the same attribute[fixmystreet_id] or body gets the same id",
    ok: {
      status: 201,
      schema: PostedRequestJson,
      description: 'The service_request_id of the report, and a service_notice naming its case',
    },
    security: 'open311ApiKey',
    format: 'open311',
    errors: {},
  },
  GetNoticeDocument: {
    summary:
      "A notice as served, as the PDF posted: `noticeId` is a notice's id (`ntc_…`) or a fixed penalty notice's number (`FPN-…`)",
    ok: {
      status: 200,
      mediaType: 'application/pdf',
      description:
        'The same bytes GOV.UK Notify was given to post, whose SHA-256 is the one recorded on the notice (or penalty) when it was served',
      headers: {
        'X-Document-SHA256': {
          description: "The PDF's SHA-256, hex: the notice's (or penalty's) `documentSha256`",
          schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
      },
    },
    errors: {
      403: 'A facilitator may see only cases referred to restorative justice',
      404: 'No case with that reference, no such notice on it, or a notice served before notices were kept as documents',
      409: '`DOCUMENT_NOT_REPRODUCIBLE`: the notice no longer renders to the bytes that were served, so it is not given out as them',
      410: '`DOCUMENT_REMOVED`: the document went with the personal data at the end of the retention period (its hash stays on the notice)',
    },
  },
};

// ── Building the document ───────────────────────────────────────────────────────────────────────

const componentRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A request schema as JSON Schema (what a client may send), inline. */
const requestSchema = (type: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const oneOf = (...names: string[]) =>
  names.length === 1 ? componentRef(names[0] as string) : { oneOf: names.map(componentRef) };

const gatewayOnly = 'API Gateway\'s own answer, in its own shape (`{"message": …}`)';

/** Every error response of a route: those its kind always has, and those particular to it. */
function errorResponses(route: RouteSpec, operation: Operation): Record<string, unknown> {
  const own = operation.errors;
  const jsonBody = operation.body !== undefined;
  const also = (status: ErrorStatus, general: string) =>
    own[status] ? `${general}. ${own[status]}` : general;
  const responses: Record<number, unknown> = {};
  responses[400] = {
    description: also(
      400,
      '`VALIDATION_FAILED` with a message for each field at fault (body, query or path), or `BAD_REQUEST` for a path with a malformed % escape',
    ),
    ...json(componentRef('ValidationError')),
  };
  if (route.access === 'staff') {
    responses[401] = {
      description:
        'The JWT authorizer refused the token (missing, expired, wrong issuer or audience): API Gateway answers `{"message":"Unauthorized"}`, the local gateway adds `error` with the reason; both give it in `WWW-Authenticate`. A handler that finds no caller answers `UNAUTHORIZED` in the error shape.',
      headers: {
        'WWW-Authenticate': {
          description: 'Bearer error="invalid_token", with the reason',
          schema: { type: 'string' },
        },
      },
      ...json(oneOf('Error', 'AuthorizerRefusal')),
    };
    responses[403] = {
      description: also(403, "`FORBIDDEN`: the caller's groups do not allow this"),
      ...json(componentRef('Error')),
    };
  } else if (route.access === 'provider') {
    responses[401] = {
      description:
        operation.security === 'notifyBearer'
          ? '`BAD_TOKEN`: the bearer token is not the one agreed with Notify'
          : '`BAD_SIGNATURE`: the signature header is missing or does not match the body',
      ...json(componentRef('Error')),
    };
  }
  if (own[403] && route.access !== 'staff')
    throw new Error(`${route.functionId}: only staff routes answer 403`);
  for (const status of [404, 409, 410, 422] as const) {
    if (own[status]) responses[status] = { description: own[status], ...json(componentRef('Error')) };
  }
  responses[405] = {
    description:
      '`METHOD_NOT_ALLOWED`: the path exists but not with this method (the local gateway; API Gateway answers 404 `{"message":"Not Found"}`)',
    ...json(componentRef('Error')),
  };
  responses[413] = jsonBody
    ? {
        description: `\`PAYLOAD_TOO_LARGE\`: the body is over 64 KB; over 10 MB, ${gatewayOnly}`,
        ...json(oneOf('Error', 'GatewayMessage')),
      }
    : { description: `The body is over 10 MB: ${gatewayOnly}`, ...json(componentRef('GatewayMessage')) };
  if (jsonBody) {
    responses[415] = {
      description: '`UNSUPPORTED_MEDIA_TYPE`: send the body as application/json',
      ...json(componentRef('Error')),
    };
  }
  responses[429] = {
    description: `Throttled (AWS only: stage and route rate limits): ${gatewayOnly}`,
    ...json(componentRef('GatewayMessage')),
  };
  responses[500] = {
    description: `\`INTERNAL_ERROR\`, with no internals; when the function itself fails, ${gatewayOnly}`,
    ...json(oneOf('Error', 'GatewayMessage')),
  };
  responses[503] = own[503]
    ? {
        description: `${own[503]}; when the function does not answer in time (AWS), ${gatewayOnly}`,
        ...json(oneOf('Error', 'GatewayMessage')),
      }
    : {
        description: `The function did not answer in time (AWS): ${gatewayOnly}`,
        ...json(componentRef('GatewayMessage')),
      };
  return responses;
}

/** A GeoReport v2 service request as a client posts it (the fields docs/open311.md maps). */
const open311Form = {
  required: true,
  content: {
    'application/x-www-form-urlencoded': {
      schema: {
        type: 'object',
        required: ['service_code', 'api_key'],
        properties: {
          api_key: { type: 'string' },
          service_code: { type: 'string', description: 'A noise category, e.g. music' },
          description: { type: 'string', maxLength: 2000 },
          lat: { type: 'string' },
          long: { type: 'string' },
          address_string: { type: 'string' },
          email: { type: 'string' },
          first_name: { type: 'string' },
          last_name: { type: 'string' },
          phone: { type: 'string' },
          media_url: { type: 'string' },
        },
        additionalProperties: {
          type: 'string',
          description: 'attribute[<code>] answers to the service definition questions',
        },
      },
    },
  },
};

/**
 * An Open311 route's answers: the document in JSON (for a `.json` path) or XML (otherwise), and
 * the refusals the function gives in Open311's own shape, an array of `{code, description}` (XML
 * `<errors>`), whatever the cause. What the gateway answers before or instead of the function
 * (a method the path lacks, a malformed % escape, a body over 10 MB, throttling, a function that
 * fails or times out) keeps the gateway's JSON shape, as on every other route.
 */
function open311Responses(
  route: RouteSpec,
  operation: Operation,
  okSchema: Record<string, unknown>,
): Record<number, unknown> {
  const both = (schema: Record<string, unknown>) => ({
    content: {
      'application/json': { schema },
      'text/xml': { schema: { type: 'string', description: 'The same document in GeoReport v2 XML' } },
    },
  });
  const open311Errors = componentRef('Open311Errors');
  const refusal = both(open311Errors);
  /** The function's refusal in Open311's shape, or the gateway's own answer in its shape. */
  const refusalOr = (gateway: string) => both({ oneOf: [open311Errors, componentRef(gateway)] });
  const gatewayOnly = 'API Gateway itself answers `{"message": …}`';
  // The POST takes a form, with the client's api_key in it; the GETs take neither.
  const takesForm = route.method === 'POST';
  if (takesForm !== (operation.security === 'open311ApiKey'))
    throw new Error(`${route.functionId}: an Open311 POST, and only it, is signed with open311ApiKey`);
  return {
    [operation.ok.status]: { description: operation.ok.description, ...both(okSchema) },
    400: {
      description:
        'The request is not one this service can take (each problem named by its Open311 field); a path with a malformed % escape is refused by the local gateway, in its shape (`BAD_REQUEST`), before the function runs',
      ...refusalOr('ValidationError'),
    },
    ...(takesForm ? { 403: { description: 'A missing or unknown api_key', ...refusal } } : {}),
    404: { description: 'No such service, request or document', ...refusal },
    405: {
      description: 'The path exists but not with this method (the local gateway)',
      ...json(componentRef('Error')),
    },
    413: takesForm
      ? { description: `The form is over 64 KB; over 10 MB, ${gatewayOnly}`, ...refusalOr('GatewayMessage') }
      : { description: `The body is over 10 MB: ${gatewayOnly}`, ...json(componentRef('GatewayMessage')) },
    ...(takesForm
      ? { 415: { description: 'The body is not application/x-www-form-urlencoded', ...refusal } }
      : {}),
    429: { description: `Throttled (AWS only): ${gatewayOnly}`, ...json(componentRef('GatewayMessage')) },
    500: {
      description: `Something went wrong on our side (no internals); when the function itself fails, ${gatewayOnly}`,
      ...refusalOr('GatewayMessage'),
    },
    503: takesForm
      ? {
          description: `Too many reports about the same place are arriving at once: try again in a moment; when the function does not answer in time (AWS), ${gatewayOnly}`,
          ...refusalOr('GatewayMessage'),
        }
      : {
          description: `The function did not answer in time (AWS): ${gatewayOnly}`,
          ...json(componentRef('GatewayMessage')),
        },
  };
}

/** Every response schema, named in `components.schemas`; one an operation uses unnamed is named after it. */
function responseComponents(): { schemas: Record<string, unknown>; nameOf: (schema: z.ZodType) => string } {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of Object.entries(namedResponseSchemas)) registry.add(schema, { id: name });
  registry.add(ErrorsJson, { id: 'Open311Errors' });
  for (const [key, operation] of Object.entries(operations)) {
    if (operation.ok.schema && !registry.has(operation.ok.schema))
      registry.add(operation.ok.schema, { id: `${operation.operationId ?? key}Response` });
  }
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  const cleaned = Object.fromEntries(
    Object.entries(schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, { $schema: _s, $id: _i, ...rest }]) => [name, rest]),
  );
  return {
    schemas: cleaned,
    nameOf: (schema) => {
      const name = registry.get(schema)?.id;
      if (!name) throw new Error('a response schema has no name');
      return name;
    },
  };
}

function okSchema(operation: Operation): z.ZodType {
  if (!operation.ok.schema) throw new Error(`${operation.summary}: a JSON success needs its schema`);
  return operation.ok.schema;
}

export function buildOpenApi(): Record<string, unknown> {
  const components = responseComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation = operations[`${route.method} ${route.path}`] ?? operations[route.functionId];
    if (!operation) throw new Error(`route ${route.method} ${route.path} has no OpenAPI description`);
    const operationId = operation.operationId ?? route.functionId;
    if (route.access === 'provider' && !operation.security)
      throw new Error(`provider route ${route.method} ${route.path} names no security scheme`);
    if (route.access === 'staff' && operation.security)
      throw new Error(
        `staff route ${route.method} ${route.path} is signed in with staffJwt, not ${operation.security}`,
      );
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
        schema: requestSchema(field as z.ZodType),
      })),
      ...(operation.headers ?? []).map((header) => ({ ...header, in: 'header', required: false })),
    ];
    const security = route.access === 'staff' ? 'staffJwt' : operation.security;
    const responses =
      operation.format === 'open311'
        ? open311Responses(route, operation, componentRef(components.nameOf(okSchema(operation))))
        : {
            [operation.ok.status]: {
              description: operation.ok.description,
              ...(operation.ok.headers ? { headers: operation.ok.headers } : {}),
              ...(operation.ok.mediaType
                ? {
                    content: {
                      [operation.ok.mediaType]: {
                        schema: { type: 'string', contentMediaType: operation.ok.mediaType },
                      },
                    },
                  }
                : json(componentRef(components.nameOf(okSchema(operation))))),
            },
            ...errorResponses(route, operation),
          };
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId,
      summary: operation.summary,
      // A public route says so: it needs no credentials.
      security: security ? [{ [security]: [] }] : [],
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body ? { requestBody: { required: true, ...json(requestSchema(operation.body)) } } : {}),
      ...(operation.format === 'open311' && route.method === 'POST' ? { requestBody: open311Form } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Abate API',
      version: '1.0.0',
      description:
        "Noise complaints, case workflow decisions and penalty payments for a council community protection team. Every error Abate's own code answers has the `Error` shape (400: `ValidationError`), except on the Open311 GeoReport v2 routes (`/open311/v2/`), which answer in XML or JSON as the path asks and refuse in Open311's own shape (`Open311Errors`, or XML `<errors>`); API Gateway's own refusals (401 from the JWT authorizer, 413 over 10 MB, 429, 500 when a function fails, 503 when it times out) have its `{\"message\": …}` shape.",
    },
    servers: [
      { url: 'http://localhost:3000', description: 'The local stack (`npm start`)' },
      {
        url: 'https://{apiId}.execute-api.eu-west-2.amazonaws.com',
        description: "A deployed stage (the stack's ApiUrl output)",
        variables: { apiId: { default: 'abcdef1234', description: 'The HTTP API id' } },
      },
    ],
    paths,
    components: { schemas: components.schemas, securitySchemes },
  };
}

export const openApiPath = resolve(import.meta.dirname, '..', 'docs', 'openapi.json');

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(openApiPath, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
  console.log(`wrote ${openApiPath}`);
}
