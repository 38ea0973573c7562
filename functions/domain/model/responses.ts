/**
 * What the API answers: one zod schema per response body, the one source for the response side of
 * the OpenAPI document (infra/openapi.ts) and for the contract test that checks every answer of
 * the local stack against it (test/contract/). Handlers do not import this file, so it costs the
 * Lambda bundles nothing.
 *
 * Objects are closed (`additionalProperties: false` in the document): a field the code starts
 * sending without a line here fails the contract test, so the document cannot fall behind.
 * Stored records reuse their model schemas where those describe the stored item exactly; what a
 * response adds or leaves out of an item is spelt out here.
 */
import * as z from 'zod';
import { PayState } from '../../adapters/pay/client.ts';
import { evidenceResponseSchemas, ResidentEvidenceView, StaffEvidenceView } from '../evidence/responses.ts';
import { Actor } from './audit-event.ts';
import { CaseRef, CaseStatus, LiveNotice, NoticeKind } from './case.ts';
import { NoiseCategory, SourceKind } from './complaint.ts';
import { PartyRole } from './party.ts';
import { RiskAnswers, RiskLevel } from './risk.ts';
import { AgreedAction, Deadline, OutboxMessage, Penalty } from './workflow.ts';

/** An instant as the API writes it (ISO 8601 / RFC 3339). */
const At = z.string().meta({ format: 'date-time' });
/** A calendar day, YYYY-MM-DD. */
const Day = z.string().meta({ format: 'date' });
const Pence = z.number().int();

// ── Errors ──────────────────────────────────────────────────────────────────────────────────────

export const FieldProblem = z.strictObject({
  /** The field, as a dotted path into the request body or query (`complainant.address.postcode`). */
  path: z.string(),
  message: z.string(),
});

/** Every error Abate's own code answers: a stable code, a message a person can read, never internals. */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ examples: ['NOT_FOUND', 'CASE_CLOSED'] }),
    message: z.string(),
    fields: z.array(FieldProblem).optional(),
  }),
});

/** 400: `VALIDATION_FAILED` names each field at fault; `BAD_REQUEST` is a request that is not one (a bad % escape). */
export const ValidationErrorBody = z.strictObject({
  error: z.discriminatedUnion('code', [
    z.strictObject({
      code: z.literal('VALIDATION_FAILED'),
      message: z.string(),
      fields: z.array(FieldProblem).min(1),
    }),
    z.strictObject({ code: z.literal('BAD_REQUEST'), message: z.string() }),
  ]),
});

/**
 * API Gateway's own answers, given before or instead of a Lambda: `Request Entity Too Large`
 * (over 10 MB), `Too Many Requests` (throttled), `Internal Server Error` (the function failed),
 * `Service Unavailable` (the function did not answer in time).
 */
export const GatewayMessage = z.strictObject({ message: z.string() });

/**
 * 401 from the staff routes' JWT authorizer. API Gateway answers `{"message":"Unauthorized"}`;
 * the local gateway answers the same and adds the reason as `error` (the reason is also in the
 * `WWW-Authenticate` header in both).
 */
export const AuthorizerRefusal = z.strictObject({
  message: z.literal('Unauthorized'),
  error: z.strictObject({ code: z.literal('UNAUTHORIZED'), message: z.string() }).optional(),
});

// ── Shared parts ────────────────────────────────────────────────────────────────────────────────

/** An address as stored and shown (normalised at the edge: the postcode is in its canonical form). */
export const AddressView = z.strictObject({
  line1: z.string(),
  line2: z.string().optional(),
  town: z.string().optional(),
  postcode: z.string(),
});

const Context = z.strictObject({ decisionTaskId: z.string().nullish(), offenceId: z.string().nullish() });

const DecisionView = z.strictObject({
  outcome: z.string(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedByName: z.string().optional(),
  decidedByGroups: z.array(z.string()).optional(),
  decidedAt: At,
  agreedActions: z.array(AgreedAction).optional(),
  /** Particulars the outcome carried (a notice's recipient and requirements, a court's fine). */
  details: z.record(z.string(), z.unknown()).optional(),
});

/** A staff task as staff see it: never its workflow token, execution or reminder schedule. */
export const TaskView = z.strictObject({
  taskId: z.string(),
  caseRef: CaseRef,
  type: z.string(),
  title: z.string(),
  /** What the task is about, from the case as it is now. */
  summary: z.string(),
  status: z.enum(['open', 'decided', 'cancelled']),
  allowedOutcomes: z.array(z.string()),
  createdAt: At,
  dueAt: At,
  overdue: z.boolean(),
  escalated: z.boolean(),
  escalatedAt: At.optional(),
  context: Context.optional(),
  advice: z.array(z.string()).optional(),
  decision: DecisionView.optional(),
  cancelledReason: z.string().optional(),
  /** The decision reached the workflow (until then the sweeper redelivers it). */
  delivered: z.boolean().optional(),
  /** The case's owner. */
  owner: z.string().optional(),
  /** The case's status now (absent when the case could not be read with the task). */
  caseStatus: CaseStatus.optional(),
});

// ── Residents ───────────────────────────────────────────────────────────────────────────────────

export const ComplaintReceipt = z.strictObject({
  caseRef: CaseRef,
  trackingToken: z.string().describe('Keep it secret: it opens the resident view of the case'),
  status: CaseStatus,
  joinedExistingCase: z.boolean(),
});

export const ResidentCaseView = z.strictObject({
  caseRef: CaseRef,
  status: CaseStatus,
  statusDescription: z.string(),
  openedAt: At,
  updatedAt: At,
  /** Set when this case was merged into another: the reference to use from now on. */
  nowPartOf: CaseRef.optional(),
  timeline: z.array(z.strictObject({ at: At, title: z.string() })),
  /** The resident's own diary sheets and uploads (functions/domain/evidence). */
  evidence: ResidentEvidenceView,
});

// ── Tasks ───────────────────────────────────────────────────────────────────────────────────────

export const TaskList = z.strictObject({ tasks: z.array(TaskView) });
export const OneTask = z.strictObject({ task: TaskView });

// ── Cases ───────────────────────────────────────────────────────────────────────────────────────

const NextDue = z.strictObject({
  at: At,
  kind: z.enum(['task', 'deadline']),
  /** The task's type or the deadline's kind. */
  type: z.string(),
  title: z.string().optional(),
  taskId: z.string().optional(),
  overdue: z.boolean(),
});

export const CaseSummary = z.strictObject({
  caseRef: CaseRef,
  status: CaseStatus,
  updatedAt: At,
  openedAt: At,
  sourceKind: SourceKind,
  sourceDistrict: z.string(),
  complaintCount: z.number().int(),
  caseReviewThresholdMet: z.boolean(),
  route: z.string().optional(),
  phase: z.string().optional(),
  owner: z.string().optional(),
  ownerName: z.string().optional(),
  priority: z.enum(['normal', 'high']),
  flags: z.array(z.string()),
  /** Only with `owner=me`: what is due next on the case, or null when nothing is. */
  nextDue: NextDue.nullable().optional(),
});

export const CaseList = z.strictObject({
  cases: z.array(CaseSummary),
  /** Absent on the last page. */
  nextCursor: z.string().optional(),
});

/** The case item as staff see it: facts and counters, no personal data. */
export const CaseRecordView = z.strictObject({
  caseRef: CaseRef,
  status: CaseStatus,
  version: z.number().int().nonnegative(),
  sourceKey: z.string(),
  sourceKind: SourceKind,
  sourceDistrict: z.string(),
  openedAt: At,
  updatedAt: At,
  closedAt: At.optional(),
  reopenedAt: At.optional(),
  complaintCount: z.number().int().nonnegative(),
  nightTimeComplaints: z.number().int().nonnegative(),
  qualifyingComplaints: z.number().int().nonnegative(),
  caseReviewThresholdMet: z.boolean(),
  route: z.string().optional(),
  phase: z.string().optional(),
  execution: z.string().optional(),
  liveNotice: LiveNotice.optional(),
  flags: z.array(z.string()).optional(),
  /** Hashes of the operations applied to the case. */
  ops: z.array(z.string()).optional(),
  closedReason: z.string().optional(),
  awaitingWorkflowSince: At.optional(),
  startContext: Context.optional(),
  retainUntil: At.optional(),
  /** When a closed case's recordings' content is deleted, sooner than the rest (retention policy). */
  recordingsRetainUntil: At.optional(),
  anonymisedAt: At.optional(),
  owner: z.string().optional(),
  ownerName: z.string().optional(),
  priority: z.enum(['normal', 'high']).optional(),
  enquiryCount: z.number().int().nonnegative().optional(),
  referredToRestorative: z.boolean().optional(),
  mergedInto: CaseRef.optional(),
});

export const PersonView = z.strictObject({
  partyId: z.string(),
  role: PartyRole,
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  address: AddressView,
  sourceKind: SourceKind.optional(),
  description: z.string().optional(),
  ageConfirmed16Plus: z.boolean().optional(),
  relationship: z.string().optional(),
  willingToGiveEvidence: z.boolean().optional(),
  /** The earlier record of this person that this one corrects. */
  replaces: z.string().optional(),
  createdAt: At,
  updatedAt: At.optional(),
  anonymisedAt: At.optional(),
});

const ComplaintView = z.strictObject({
  complaintId: z.string(),
  caseRef: CaseRef,
  complainantPartyId: z.string(),
  receivedAt: At,
  category: NoiseCategory,
  description: z.string(),
  impact: z.string().optional(),
  occurredAt: At,
  endedAt: At.optional(),
  nightTime: z.boolean(),
  qualifying: z.boolean(),
  sourceKind: z.string(),
  sourceDescription: z.string().optional(),
});

const Requirement = z.strictObject({ id: z.string(), kind: z.enum(['do', 'stop']), text: z.string() });

const RecipientView = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('person'),
    name: z.string(),
    partyId: z.string().optional(),
    address: AddressView,
  }),
  z.strictObject({
    kind: z.literal('body'),
    name: z.string(),
    partyId: z.string().optional(),
    address: AddressView,
  }),
  z.strictObject({
    kind: z.literal('occupier'),
    partyId: z.string().optional(),
    address: AddressView,
    enquiries: z.array(z.string()),
  }),
]);

const AppealView = z.strictObject({
  appealId: z.string(),
  lodgedAt: At,
  court: z.string(),
  status: z.enum(['pending', 'dismissed', 'varied', 'quashed']),
  decidedAt: At.optional(),
  taskId: z.string().optional(),
});

const NoticePeriod = z.strictObject({ from: At, until: At });
const NoiseLevels = z.strictObject({
  measuredDb: z.number(),
  backgroundDb: z.number(),
  permittedDb: z.number(),
});

export const NoticeView = z.strictObject({
  noticeId: z.string(),
  caseRef: CaseRef,
  kind: NoticeKind,
  statute: z.string(),
  servedAt: At,
  servedBy: z.strictObject({ id: z.string(), name: z.string().optional() }),
  recipient: RecipientView,
  requirements: z.array(Requirement),
  complyBy: At,
  liveUntil: At,
  appealUntil: At.optional(),
  suspendedOnAppeal: z.boolean().optional(),
  partnersInformed: z.array(z.string()).optional(),
  period: NoticePeriod.optional(),
  levels: NoiseLevels.optional(),
  status: z.enum(['in-force', 'quashed', 'superseded', 'discharged']),
  appeal: AppealView.optional(),
  decisionTaskId: z.string().optional(),
  documentSha256: z.string().optional(),
  /** A Noise Act warning notice: the offence that claimed its period, where the level was measured, the kind of place. */
  offenceId: z.string().optional(),
  measuredFrom: z.string().optional(),
  sourceKind: SourceKind.optional(),
});

export const BreachView = z.strictObject({
  breachId: z.string(),
  caseRef: CaseRef,
  witnessedAt: At,
  location: z.string(),
  description: z.string(),
  recordedAt: At,
  recordedBy: z.strictObject({
    kind: z.enum(['staff', 'resident', 'system']),
    id: z.string().optional(),
    name: z.string().optional(),
  }),
  noticeId: z.string().optional(),
  noticeKind: NoticeKind.optional(),
  requirementKind: z.enum(['do', 'stop']).optional(),
  counts: z.boolean(),
  why: z.string(),
  limitationDate: At.optional(),
  complaintId: z.string().optional(),
  /** A measurement against a Noise Act warning notice. */
  exceedance: z
    .strictObject({
      levelDb: z.number(),
      permittedDb: z.number().optional(),
      measuredFrom: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
});

export const PenaltyView = Penalty.omit({ op: true, document: true }).extend({
  caseRef: CaseRef,
  issuedAt: At,
  offenceAt: At,
  dueBy: At,
  discountUntil: At,
  prosecutionLimitationDate: At,
  settledAt: At.optional(),
  withdrawnAt: At.optional(),
  amountPence: Pence,
  discountedAmountPence: Pence,
  paidPence: Pence,
  /** The provider references of the payments added to it. */
  payments: z.array(z.string()),
  /** Who the penalty was offered to: the recipient of the notice breached. */
  recipient: RecipientView.optional(),
});

const PaymentView = z.strictObject({
  penaltyRef: z.string(),
  amountPence: Pence,
  paidAt: At,
  providerReference: z.string(),
  recordedAt: At,
  result: z.enum(['accepted', 'part-payment', 'flagged']).optional(),
});

const DeadlineView = Deadline.extend({ caseRef: CaseRef, dueAt: At, createdAt: At });

const OutboxView = OutboxMessage.omit({ op: true }).extend({
  caseRef: CaseRef,
  createdAt: At,
  // Delivery through GOV.UK Notify (functions/domain/delivery): where the message has got to.
  deliveryState: z.string().optional(),
  deliveryAttempts: z.number().int().nonnegative().optional(),
  deliveryClaim: z.string().optional(),
  providerId: z.string().optional(),
  providerStatus: z.string().optional(),
  deliveryError: z.string().optional(),
  deliveryUpdatedAt: At.optional(),
  letterSha256: z.string().optional(),
  undeliverableReportedAt: At.optional(),
});

export const RiskAssessmentView = z.strictObject({
  assessmentId: z.string(),
  caseRef: CaseRef,
  /** The complainant assessed. */
  partyId: z.string(),
  answers: RiskAnswers,
  score: z.number().int(),
  level: RiskLevel,
  assessedAt: At,
  assessedBy: z.strictObject(Actor.shape),
  notes: z.string().optional(),
  /** The manager's task this assessment opened, when it was high. */
  safeguardingTaskId: z.string().optional(),
});

export const EnquiryView = z.strictObject({
  enquiryId: z.string(),
  caseRef: CaseRef,
  method: z.string(),
  madeAt: At,
  /** The line a notice to the occupier cites. */
  enquiry: z.string(),
  description: z.string().optional(),
  findings: z.string().optional(),
  recordedAt: At,
  recordedBy: z.strictObject({ id: z.string(), name: z.string().optional() }),
  requirement: z
    .strictObject({
      power: z.string(),
      accreditationNumber: z.string(),
      accreditationExpiresOn: Day.optional(),
      result: z.string(),
    })
    .optional(),
  name: z.string().optional(),
  address: AddressView.optional(),
  notes: z.string().optional(),
});

const TimelineEntry = z.strictObject({
  at: At,
  type: z.string(),
  actor: z.strictObject(Actor.shape),
  reason: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
  visibility: z.enum(['resident', 'staff']).optional(),
  /** Audited changes: the case version the change produced, and its case and operation. */
  version: z.number().int().optional(),
  caseRef: CaseRef.optional(),
  opId: z.string().optional(),
});

/** GET /cases/{caseRef}: everything staff may see of a case. */
export const StaffCaseView = z.strictObject({
  case: CaseRecordView,
  parties: z.array(PersonView),
  complaints: z.array(ComplaintView),
  tasks: z.array(TaskView),
  notices: z.array(NoticeView),
  breaches: z.array(BreachView),
  penalties: z.array(PenaltyView),
  payments: z.array(PaymentView),
  deadlines: z.array(DeadlineView),
  outbox: z.array(OutboxView),
  riskAssessments: z.array(RiskAssessmentView),
  enquiries: z.array(EnquiryView),
  timeline: z.array(TimelineEntry),
  /** Files, diary sheets, visits and monitoring (functions/domain/evidence). */
  evidence: StaffEvidenceView,
});

// ── Notices, breaches, appeals, restorative justice ─────────────────────────────────────────────

export const BreachRecorded = z.strictObject({
  breachId: z.string(),
  caseRef: CaseRef,
  /** Whether it is a breach the council may act on; otherwise it is kept as evidence only. */
  counts: z.boolean(),
  why: z.string(),
  /** Whether it ended the notice's watch or reopened the case for a decision. */
  actedOn: z.boolean(),
  note: z.string().optional(),
});

const Suspends = z.enum(['none', 'do', 'all']).describe('What the appeal suspends while it is pending');

export const AppealLodged = z.strictObject({
  appealId: z.string(),
  caseRef: CaseRef,
  noticeId: z.string(),
  /** The manager's task for the court's decision. */
  taskId: z.string(),
  suspends: Suspends,
});

export const WithdrawalRecorded = z.strictObject({
  caseRef: CaseRef,
  withdrawn: z.enum(['complainant', 'source']),
});

export const NoiseActWarningNoticeRecorded = z.strictObject({
  caseRef: CaseRef,
  noticeId: z.string(),
  statute: z.string(),
  period: NoticePeriod,
  levels: NoiseLevels,
  recipient: z.enum(['person', 'body', 'occupier']),
});

export const NoiseActExceedanceRecorded = z.strictObject({
  breachId: z.string(),
  caseRef: CaseRef,
  /** Whether it is the offence (s.4, s.4A); otherwise evidence only. */
  counts: z.boolean(),
  why: z.string(),
  /** Whether it took the case to the offence decision. */
  actedOn: z.boolean(),
  limitationDate: At.optional(),
  note: z.string().optional(),
});

// ── Casework ────────────────────────────────────────────────────────────────────────────────────

export const PersonNamed = z.strictObject({ person: PersonView.extend({ caseRef: CaseRef }) });
export const EnquiryRecorded = z.strictObject({ enquiry: EnquiryView });
export const RiskAssessed = RiskAssessmentView.extend({
  /** The case's priority after this assessment. */
  priority: z.enum(['normal', 'high']),
});

export const CaseAssigned = z.strictObject({
  caseRef: CaseRef,
  owner: z.string(),
  ownerName: z.string(),
});

export const CaseClosed = z.strictObject({
  caseRef: CaseRef,
  status: z.literal('closed'),
  closedAt: At,
  /** The workflow execution that was stopped, if one was running. */
  stoppedExecution: z.string().optional(),
  cancelledTasks: z.array(z.string()),
  /** The letters queued to say so. */
  messages: z.array(z.string()),
});

export const CaseReopened = z.strictObject({
  caseRef: CaseRef,
  status: CaseStatus,
  phase: z.string(),
  /** Another open case now takes the source's reports. */
  sourceHasOpenCase: CaseRef.optional(),
});

export const CaseMovedOn = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.enum(['restart-phase', 'start-decision']),
    caseRef: CaseRef,
    phase: z.string(),
    execution: z.string(),
    status: CaseStatus,
  }),
  CaseClosed.extend({ action: z.literal('close') }),
]);

export const CaseSplit = z.strictObject({
  caseRef: CaseRef,
  newCaseRef: CaseRef,
  /** Reports left on this case. */
  complaintCount: z.number().int().nonnegative(),
  moved: z.strictObject({ complaintId: z.string(), partyId: z.string(), tasks: z.number().int() }),
});

export const CasesMerged = z.strictObject({
  caseRef: CaseRef,
  mergedInto: CaseRef,
  moved: z.strictObject({ complaints: z.number().int(), people: z.number().int(), tasks: z.number().int() }),
  cancelledTasks: z.array(z.string()),
  /** Reports on the surviving case. */
  complaintCount: z.number().int().nonnegative(),
});

// ── Payments and providers ──────────────────────────────────────────────────────────────────────

export const PaymentReceipt = z.strictObject({
  penaltyRef: z.string(),
  providerReference: z.string(),
  /** `accepted`: the penalty is settled; `part-payment`: more is owed; `flagged`: a caseworker must act. */
  result: z.enum(['accepted', 'part-payment', 'flagged']),
  amountPence: Pence,
  /** Everything paid against the penalty so far, this payment included. */
  paidPence: Pence,
  outstandingPence: Pence,
  flags: z.array(z.string()),
});

export const CardPaymentStarted = z.strictObject({
  /** GOV.UK Pay's page where the resident enters their card. */
  nextUrl: z.url(),
  amountPence: Pence,
});

export const CardPaymentState = z.strictObject({
  penaltyRef: z.string(),
  amountPence: Pence,
  status: PayState.shape.status,
  finished: z.boolean(),
});

export const PayWebhookAnswer = z.discriminatedUnion('result', [
  z.strictObject({ result: z.literal('ignored') }),
  z.strictObject({ result: z.literal('recorded'), receipt: PaymentReceipt }),
]);

export const NotifyReceiptAnswer = z.strictObject({
  /** What the receipt changed: `delivered`, `pending`, `stale`, `unknown-message`, `not-ours`, … */
  result: z.string(),
});

/**
 * The response schemas the OpenAPI document names (`#/components/schemas/<name>`); a schema a
 * route answers with that is not here is named after its operation (`<operationId>Response`).
 */
export const namedResponseSchemas: Record<string, z.ZodType> = {
  Error: ErrorBody,
  ValidationError: ValidationErrorBody,
  GatewayMessage,
  AuthorizerRefusal,
  Address: AddressView,
  Task: TaskView,
  CaseSummary,
  Person: PersonView,
  Notice: NoticeView,
  Breach: BreachView,
  Penalty: PenaltyView,
  RiskAssessment: RiskAssessmentView,
  Enquiry: EnquiryView,
  PaymentReceipt,
  CaseClosed,
  ComplaintReceipt,
  ResidentCaseView,
  TaskList,
  OneTask,
  CaseList,
  StaffCaseView,
  BreachRecorded,
  AppealLodged,
  WithdrawalRecorded,
  NoiseActWarningNoticeRecorded,
  NoiseActExceedanceRecorded,
  PersonNamed,
  EnquiryRecorded,
  RiskAssessed,
  CaseAssigned,
  CaseReopened,
  CaseMovedOn,
  CaseSplit,
  CasesMerged,
  CardPaymentStarted,
  CardPaymentState,
  PayWebhookAnswer,
  NotifyReceiptAnswer,
  ...evidenceResponseSchemas,
};
