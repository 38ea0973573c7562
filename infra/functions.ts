/**
 * Every Lambda function Abate has, in one list: the CDK stack creates one function per entry and
 * the local stack loads the same module for it, so the two cannot disagree about what exists.
 */
import { phaseIds } from '../functions/domain/routes/catalogue.ts';

export type TableAccess = 'none' | 'read' | 'readwrite';

/**
 * What a function does with the evidence bucket: `upload` signs upload links and judges, keeps or
 * deletes what arrives; `read` signs download links; `erase` deletes kept files at the end of retention.
 */
export type EvidenceAccess = 'upload' | 'read' | 'erase';

export interface FunctionSpec {
  /** Stable id: CDK construct id, local function name and the key state machines refer to. */
  id: string;
  /** Module (relative to the project root) whose `handler` export is the Lambda handler. */
  entry: string;
  description: string;
  /** What the function does with the case table; the stack grants exactly this. */
  table: TableAccess;
  /** What it does with evidence files; the stack grants exactly this and names the bucket in `EVIDENCE_BUCKET`. */
  evidence?: EvidenceAccess[];
  /** Ids of state machines this function starts or signals (see `workflows/`). */
  startsStateMachines?: string[];
  signalsStateMachines?: string[];
  /** Ids of state machines whose executions this function stops (a case closed or moved on by hand). */
  stopsStateMachines?: string[];
  memoryMb?: number;
  timeoutSeconds?: number;
  /**
   * Secrets (by logical name) the function reads at run time. In AWS each becomes a Secrets Manager
   * secret; the function gets its ARN in `<NAME>_SECRET_ARN` (e.g. `payment` → `PAYMENT_SECRET_ARN`)
   * and read permission, never the value.
   */
  secrets?: string[];
  /** Special wiring in AWS: `sweeper` is invoked by EventBridge Scheduler at the configured rate. */
  schedule?: 'sweeper';
  /** A scheduled function's own rate, when it is not the stage's sweeper rate. */
  scheduleEveryMinutes?: number;
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** API Gateway HTTP API route path, e.g. `/cases/{caseRef}/progress`. */
  path: string;
  functionId: string;
  /** `public`: residents; `staff`: JWT authorizer; `provider`: HMAC-signed callbacks. */
  access: 'public' | 'staff' | 'provider';
}

/** Every case phase (one state machine each, see workflows/); functions that start or signal phases name them all. */
const PHASES = phaseIds();

export const functions: FunctionSpec[] = [
  {
    id: 'ReportComplaint',
    entry: 'functions/api/report-complaint.ts',
    description: 'POST /complaints: records a noise complaint and opens or attaches to a case',
    table: 'readwrite',
    // Derives residents' tracking tokens; in AWS the value lives in Secrets Manager.
    secrets: ['trackingToken'],
    startsStateMachines: PHASES,
    signalsStateMachines: PHASES,
  },
  {
    id: 'FollowCase',
    entry: 'functions/api/follow-case.ts',
    description: 'GET /cases/{caseRef}/progress: the resident view of a case, behind a tracking token',
    table: 'read',
  },
  // Staff routes
  {
    id: 'ListTasks',
    entry: 'functions/api/list-tasks.ts',
    description: 'GET /tasks: open tasks the caller may decide, oldest due first',
    table: 'read',
  },
  {
    id: 'GetTask',
    entry: 'functions/api/get-task.ts',
    description: 'GET /tasks/{taskId}: one staff task',
    table: 'read',
  },
  {
    id: 'DecideTask',
    entry: 'functions/api/decide-task.ts',
    description: 'POST /tasks/{taskId}/decision: a staff decision, completed exactly once',
    table: 'readwrite',
    signalsStateMachines: PHASES,
  },
  {
    id: 'GetCase',
    entry: 'functions/api/get-case.ts',
    description: 'GET /cases/{caseRef}: the full staff view of a case',
    table: 'read',
  },
  {
    id: 'ListCases',
    entry: 'functions/api/list-cases.ts',
    description: 'GET /cases: cases by status, a page at a time',
    table: 'read',
  },
  {
    id: 'RecordBreach',
    entry: 'functions/api/record-breach.ts',
    description: 'POST /cases/{caseRef}/breaches: an officer records a witnessed breach',
    table: 'readwrite',
    signalsStateMachines: PHASES,
  },
  {
    id: 'RecordWithdrawal',
    entry: 'functions/api/record-withdrawal.ts',
    description: 'POST /cases/{caseRef}/restorative/withdrawal: a party leaves restorative justice',
    table: 'readwrite',
    signalsStateMachines: PHASES,
  },
  {
    id: 'LodgeAppeal',
    entry: 'functions/api/lodge-appeal.ts',
    description: 'POST /cases/{caseRef}/appeals: an appeal against a notice was lodged',
    table: 'readwrite',
    signalsStateMachines: PHASES,
  },
  {
    id: 'RecordPayment',
    entry: 'functions/api/record-payment.ts',
    description: 'POST /penalties/{penaltyRef}/payments: signed payment notifications from the provider',
    table: 'readwrite',
    signalsStateMachines: PHASES,
    secrets: ['payment'],
  },
  // Casework: people, enquiries, risk, ownership and manual control
  {
    id: 'NamePerson',
    entry: 'functions/api/name-person.ts',
    description: 'POST /cases/{caseRef}/people: names or corrects the person responsible, owner or agent',
    table: 'readwrite',
  },
  {
    id: 'RecordEnquiry',
    entry: 'functions/api/record-enquiry.ts',
    description: 'POST /cases/{caseRef}/enquiries: a reasonable enquiry to find the owner or occupier',
    table: 'readwrite',
  },
  {
    id: 'RequireNameAndAddress',
    entry: 'functions/api/require-name-and-address.ts',
    description:
      'POST /cases/{caseRef}/name-and-address-requirements: a requirement to give a name and address',
    table: 'readwrite',
  },
  {
    id: 'AssessRisk',
    entry: 'functions/api/assess-risk.ts',
    description: 'POST /cases/{caseRef}/risk-assessments: staff assess the risk to a complainant',
    table: 'readwrite',
  },
  {
    id: 'AssignCase',
    entry: 'functions/api/assign-case.ts',
    description: 'POST /cases/{caseRef}/owner: a manager assigns or reassigns a case',
    table: 'readwrite',
  },
  {
    id: 'CloseCase',
    entry: 'functions/api/close-case.ts',
    description: 'POST /cases/{caseRef}/closure: a manager closes a case by hand and stops its workflow',
    table: 'readwrite',
    stopsStateMachines: PHASES,
  },
  {
    id: 'ReopenCase',
    entry: 'functions/api/reopen-case.ts',
    description: 'POST /cases/{caseRef}/reopening: a manager reopens a closed case at triage',
    table: 'readwrite',
    startsStateMachines: ['investigation'],
  },
  {
    id: 'MoveCaseOn',
    entry: 'functions/api/move-case-on.ts',
    description: 'POST /cases/{caseRef}/move-on: a manager restarts, redirects or closes a stalled case',
    table: 'readwrite',
    startsStateMachines: PHASES,
    stopsStateMachines: PHASES,
  },
  {
    id: 'SplitCase',
    entry: 'functions/api/split-case.ts',
    description: 'POST /cases/{caseRef}/split: a report that joined the wrong case gets its own case',
    table: 'readwrite',
    // Moves the complainant's tracking token, which is derived with this key.
    secrets: ['trackingToken'],
    startsStateMachines: ['investigation'],
  },
  {
    id: 'MergeCases',
    entry: 'functions/api/merge-cases.ts',
    description: 'POST /cases/{caseRef}/merge: merges a case into another about the same source',
    table: 'readwrite',
    secrets: ['trackingToken'],
    stopsStateMachines: PHASES,
  },
  // Workflow steps (invoked by the state machines in workflows/)
  {
    id: 'CaseStep',
    entry: 'functions/workflow/case-step.ts',
    description: "Runs a route's system step: serve a notice, issue a penalty, prepare a prosecution, close",
    table: 'readwrite',
    signalsStateMachines: PHASES,
  },
  {
    id: 'OpenStaffTask',
    entry: 'functions/workflow/open-staff-task.ts',
    description: 'Stores a task token on a staff task with its due date',
    table: 'readwrite',
    signalsStateMachines: PHASES,
  },
  {
    id: 'AwaitDeadline',
    entry: 'functions/workflow/await-deadline.ts',
    description: 'Stores a task token with a deadline for the sweeper',
    table: 'readwrite',
    signalsStateMachines: PHASES,
  },
  {
    id: 'StartPhase',
    entry: 'functions/workflow/start-phase.ts',
    description: 'Starts the next phase of a case as a new execution',
    table: 'readwrite',
    startsStateMachines: PHASES,
  },
  {
    id: 'RecordWorkflowStall',
    entry: 'functions/workflow/record-workflow-stall.ts',
    description: 'Escalates a case whose workflow failed or timed out',
    table: 'readwrite',
  },
  // Scheduled
  {
    id: 'Sweeper',
    entry: 'functions/scheduled/sweeper.ts',
    description: 'Fires due reminders, deadlines and escalations',
    table: 'readwrite',
    signalsStateMachines: PHASES,
    schedule: 'sweeper',
    timeoutSeconds: 300,
    // Deletes a case's evidence files when its retention ends.
    evidence: ['erase'],
  },
  // Delivery through GOV.UK Notify (functions/domain/delivery, functions/adapters/notify)
  {
    id: 'DeliverOutbox',
    entry: 'functions/scheduled/deliver-outbox.ts',
    description: 'Sends due outbox messages through GOV.UK Notify, each exactly once, and checks on them',
    table: 'readwrite',
    secrets: ['notifications'],
    // Its own schedule, on the sweeper's construct: residents should not wait a sweep for an email.
    schedule: 'sweeper',
    scheduleEveryMinutes: 5,
    // Letters are rendered to PDF here.
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
  {
    id: 'NotifyReceipts',
    entry: 'functions/api/notify-receipts.ts',
    description:
      "POST /providers/notify/receipts: GOV.UK Notify's delivery receipts, behind its bearer token",
    table: 'readwrite',
    secrets: ['notifyCallback'],
  },
  // Card payments through GOV.UK Pay (functions/adapters/pay)
  {
    id: 'StartPayment',
    entry: 'functions/api/start-payment.ts',
    description: 'POST /penalties/{penaltyRef}/pay: starts a GOV.UK Pay card payment for a fixed penalty',
    table: 'readwrite',
    secrets: ['payApi'],
  },
  {
    id: 'PaymentAttempt',
    entry: 'functions/api/payment-attempt.ts',
    description: 'GET /payments/{attemptId}: how a card payment went, for the page Pay returns to',
    table: 'read',
    secrets: ['payApi'],
  },
  {
    id: 'PayWebhook',
    entry: 'functions/api/pay-webhook.ts',
    description:
      "POST /providers/pay/webhooks: GOV.UK Pay's signed webhooks; a card payment is recorded in the ledger",
    table: 'readwrite',
    // Recording a payment ends the payment period, which signals the penalty workflow.
    signalsStateMachines: PHASES,
    secrets: ['payWebhook'],
  },
  // Noise Act 1996 (night route)
  {
    id: 'RecordNoiseActWarningNotice',
    entry: 'functions/api/noise-act-warning-notice.ts',
    description:
      'POST /cases/{caseRef}/noise-act/warning-notices: an officer records a warning notice served at night',
    table: 'readwrite',
  },
  {
    id: 'RecordNoiseActExceedance',
    entry: 'functions/api/noise-act-exceedance.ts',
    description: 'POST /cases/{caseRef}/noise-act/exceedances: a measurement against a warning notice',
    table: 'readwrite',
    // An offence starts the offence decision (taking the case over, or reopening it).
    startsStateMachines: PHASES,
  },
  // Evidence (files, diary sheets, visits, monitoring): one function, a module per route
  {
    id: 'EvidenceApi',
    entry: 'functions/api/evidence.ts',
    description:
      'Evidence routes: uploads and downloads, diary sheets (issued, filled in, sent), visits, monitoring',
    table: 'readwrite',
    evidence: ['upload', 'read'],
    // A visit may record a breach: it ends a notice's watch, or reopens a closed case at its decision.
    signalsStateMachines: PHASES,
    startsStateMachines: PHASES,
    // Completing an upload reads the whole file once for its SHA-256 (up to 50 MB): more memory
    // buys network and CPU; the timeout stays inside API Gateway's 30 seconds.
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // Open311 GeoReport v2 for FixMyStreet and other reporting services (functions/domain/open311)
  {
    id: 'Open311List',
    entry: 'functions/api/open311-list.ts',
    description: 'GET /open311/v2/{document}: the noise services, or the status of requests by id',
    table: 'read',
  },
  {
    id: 'Open311ServiceDefinition',
    entry: 'functions/api/open311-service-definition.ts',
    description: "GET /open311/v2/services/{service}: a noise service's questions",
    table: 'none',
  },
  {
    id: 'Open311Request',
    entry: 'functions/api/open311-request.ts',
    description: "GET /open311/v2/requests/{request}: one request's status",
    table: 'read',
  },
  {
    id: 'Open311PostRequest',
    entry: 'functions/api/open311-post-request.ts',
    description:
      "POST /open311/v2/requests.xml: a client's noise report, recorded as POST /complaints records one",
    table: 'readwrite',
    // The clients' key hashes, and the key intake derives tracking tokens and report ids with.
    secrets: ['open311Clients', 'trackingToken'],
    startsStateMachines: PHASES,
    signalsStateMachines: PHASES,
  },
  // Notices as served (functions/domain/documents)
  {
    id: 'GetNoticeDocument',
    entry: 'functions/api/get-notice-document.ts',
    description:
      'GET /cases/{caseRef}/notices/{noticeId}/document: a notice as served, the PDF posted, checked against its recorded hash',
    table: 'read',
    // It renders the PDF again (pdfmake); more memory is more CPU, and a faster render.
    memoryMb: 1024,
  },
];

export const routes: RouteSpec[] = [
  { method: 'POST', path: '/complaints', functionId: 'ReportComplaint', access: 'public' },
  { method: 'GET', path: '/cases/{caseRef}/progress', functionId: 'FollowCase', access: 'public' },
  { method: 'GET', path: '/tasks', functionId: 'ListTasks', access: 'staff' },
  { method: 'GET', path: '/tasks/{taskId}', functionId: 'GetTask', access: 'staff' },
  { method: 'POST', path: '/tasks/{taskId}/decision', functionId: 'DecideTask', access: 'staff' },
  { method: 'GET', path: '/cases', functionId: 'ListCases', access: 'staff' },
  { method: 'GET', path: '/cases/{caseRef}', functionId: 'GetCase', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/breaches', functionId: 'RecordBreach', access: 'staff' },
  {
    method: 'POST',
    path: '/cases/{caseRef}/restorative/withdrawal',
    functionId: 'RecordWithdrawal',
    access: 'staff',
  },
  { method: 'POST', path: '/cases/{caseRef}/appeals', functionId: 'LodgeAppeal', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/people', functionId: 'NamePerson', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/enquiries', functionId: 'RecordEnquiry', access: 'staff' },
  {
    method: 'POST',
    path: '/cases/{caseRef}/name-and-address-requirements',
    functionId: 'RequireNameAndAddress',
    access: 'staff',
  },
  { method: 'POST', path: '/cases/{caseRef}/risk-assessments', functionId: 'AssessRisk', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/owner', functionId: 'AssignCase', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/closure', functionId: 'CloseCase', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/reopening', functionId: 'ReopenCase', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/move-on', functionId: 'MoveCaseOn', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/split', functionId: 'SplitCase', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/merge', functionId: 'MergeCases', access: 'staff' },
  {
    method: 'POST',
    path: '/penalties/{penaltyRef}/payments',
    functionId: 'RecordPayment',
    access: 'provider',
  },
  { method: 'POST', path: '/providers/notify/receipts', functionId: 'NotifyReceipts', access: 'provider' },
  { method: 'POST', path: '/penalties/{penaltyRef}/pay', functionId: 'StartPayment', access: 'public' },
  { method: 'GET', path: '/payments/{attemptId}', functionId: 'PaymentAttempt', access: 'public' },
  { method: 'POST', path: '/providers/pay/webhooks', functionId: 'PayWebhook', access: 'provider' },
  {
    method: 'POST',
    path: '/cases/{caseRef}/noise-act/warning-notices',
    functionId: 'RecordNoiseActWarningNotice',
    access: 'staff',
  },
  {
    method: 'POST',
    path: '/cases/{caseRef}/noise-act/exceedances',
    functionId: 'RecordNoiseActExceedance',
    access: 'staff',
  },
  // Evidence: residents with their tracking token (header X-Tracking-Token), staff with their sign-in
  { method: 'POST', path: '/cases/{caseRef}/uploads', functionId: 'EvidenceApi', access: 'public' },
  {
    method: 'POST',
    path: '/cases/{caseRef}/uploads/{uploadId}',
    functionId: 'EvidenceApi',
    access: 'public',
  },
  {
    method: 'POST',
    path: '/cases/{caseRef}/diary-sheets/{sheetId}/entries',
    functionId: 'EvidenceApi',
    access: 'public',
  },
  {
    method: 'POST',
    path: '/cases/{caseRef}/diary-sheets/{sheetId}/submission',
    functionId: 'EvidenceApi',
    access: 'public',
  },
  {
    method: 'POST',
    path: '/cases/{caseRef}/evidence/uploads',
    functionId: 'EvidenceApi',
    access: 'staff',
  },
  {
    method: 'POST',
    path: '/cases/{caseRef}/evidence/uploads/{uploadId}',
    functionId: 'EvidenceApi',
    access: 'staff',
  },
  {
    method: 'GET',
    path: '/cases/{caseRef}/evidence/{fileId}',
    functionId: 'EvidenceApi',
    access: 'staff',
  },
  { method: 'POST', path: '/cases/{caseRef}/diary-sheets', functionId: 'EvidenceApi', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/visits', functionId: 'EvidenceApi', access: 'staff' },
  { method: 'POST', path: '/cases/{caseRef}/monitoring', functionId: 'EvidenceApi', access: 'staff' },
  {
    method: 'POST',
    path: '/cases/{caseRef}/monitoring/{deploymentId}/removal',
    functionId: 'EvidenceApi',
    access: 'staff',
  },
  // Open311: whole path segments only (`services.xml` is one), as API Gateway matches them.
  { method: 'GET', path: '/open311/v2/{document}', functionId: 'Open311List', access: 'public' },
  {
    method: 'GET',
    path: '/open311/v2/services/{service}',
    functionId: 'Open311ServiceDefinition',
    access: 'public',
  },
  { method: 'GET', path: '/open311/v2/requests/{request}', functionId: 'Open311Request', access: 'public' },
  // The handler checks the client's api_key before anything else.
  { method: 'POST', path: '/open311/v2/{document}', functionId: 'Open311PostRequest', access: 'provider' },
  {
    method: 'GET',
    path: '/cases/{caseRef}/notices/{noticeId}/document',
    functionId: 'GetNoticeDocument',
    access: 'staff',
  },
];
