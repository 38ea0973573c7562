/**
 * Every Lambda function Abate has, in one list: the CDK stack creates one function per entry and
 * the local stack loads the same module for it, so the two cannot disagree about what exists.
 */
export type TableAccess = 'none' | 'read' | 'readwrite';

export interface FunctionSpec {
  /** Stable id: CDK construct id, local function name and the key state machines refer to. */
  id: string;
  /** Module (relative to the project root) whose `handler` export is the Lambda handler. */
  entry: string;
  description: string;
  /** What the function does with the case table; the stack grants exactly this. */
  table: TableAccess;
  /** Ids of state machines this function starts or signals (see `workflows/`). */
  startsStateMachines?: string[];
  signalsStateMachines?: string[];
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
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** API Gateway HTTP API route path, e.g. `/cases/{caseRef}/progress`. */
  path: string;
  functionId: string;
  /** `public`: residents; `staff`: JWT authorizer; `provider`: HMAC-signed callbacks. */
  access: 'public' | 'staff' | 'provider';
}

export const functions: FunctionSpec[] = [
  {
    id: 'ReportComplaint',
    entry: 'functions/api/report-complaint.ts',
    description: 'POST /complaints: records a noise complaint and opens or attaches to a case',
    table: 'readwrite',
    // Derives residents' tracking tokens; in AWS the value lives in Secrets Manager.
    secrets: ['trackingToken'],
  },
  {
    id: 'FollowCase',
    entry: 'functions/api/follow-case.ts',
    description: 'GET /cases/{caseRef}/progress: the resident view of a case, behind a tracking token',
    table: 'read',
  },
];

export const routes: RouteSpec[] = [
  { method: 'POST', path: '/complaints', functionId: 'ReportComplaint', access: 'public' },
  { method: 'GET', path: '/cases/{caseRef}/progress', functionId: 'FollowCase', access: 'public' },
];
