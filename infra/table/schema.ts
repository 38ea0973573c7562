/**
 * The one DynamoDB table Abate uses, as plain data: the CDK construct and the local dynalite
 * set-up both build the table from this definition, so they cannot drift apart.
 *
 * Key schema (generic names, typed value prefixes):
 *
 * | item                     | pk                         | sk                          | gsi1 (queues)                          | gsi2 (children)              | gsi3 (due)                 |
 * |--------------------------|----------------------------|-----------------------------|----------------------------------------|------------------------------|----------------------------|
 * | case                     | CASE#<caseRef>             | CASE                        | STATUS#<status> / <updatedAt>#<ref>    |                              | DUE / <retainUntil>#CASE#… |
 *   (gsi4 on a case: OPEN / <updatedAt>#<ref> while open; OWNER#<id> / … is not an index key: "mine" filters gsi4)
 * | audit event              | CASE#<caseRef>             | EVENT#<version, 6 digits>   |                                        |                              |                            |
 * | complaint (facts only)   | CASE#<caseRef>             | COMPLAINT#<receivedAt>#<id> |                                        |                              |                            |
 * | party link (no PII)      | CASE#<caseRef>             | PARTY#<role>#<partyId>      |                                        |                              |                            |
 * | person (PII, apart)      | PERSON#<partyId>           | PROFILE                     |                                        | CASE#<caseRef> / PERSON#…    |                            |
 * | tracking token           | TRACK#<sha256(token)>      | TOKEN                       |                                        |                              |                            |
 * | open case for a source   | SOURCE#<sourceKey>         | CASE                        |                                        |                              |                            |
 * | case reference counter   | COUNTER#CASEREF#<year>     | COUNTER                     |                                        |                              |                            |
 * | staff task               | TASK#<taskId>              | TASK                        | TASKS#OPEN#<type> / <dueAt>#<taskId>   | CASE#<caseRef> / TASK#…      | DUE / <dueAt>#TASK#…       |
 * | audit event (see above)  |                            |                             |                                        |                              |                            |
 * | breach / evidence        | CASE#<caseRef>             | BREACH#<breachId>           |                                        |                              |                            |
 * | notice (CPW, CPN, …)     | NOTICE#<noticeId>          | NOTICE                      |                                        | CASE#<caseRef> / NOTICE#…    |                            |
 * | deadline                 | DEADLINE#<deadlineId>      | DEADLINE                    |                                        | CASE#<caseRef> / DEADLINE#…  | DUE / <next>#DEADLINE#…    |
 * | penalty                  | PENALTY#<penaltyRef>       | PENALTY                     |                                        | CASE#<caseRef> / PENALTY#…   |                            |
 * | payment (ledger entry)   | PAYMENT#<providerRef>      | PAYMENT                     |                                        | CASE#<caseRef> / PAYMENT#…   |                            |
 * | flagged case             | FLAGGED#<flag>             | CASE#<caseRef>              |                                        |                              |                            |
 * | intake attempt (idempotency) | INTAKE#<hash of key>   | ATTEMPT                     |                                        |                              |                            |
 * | outbox message (PII)     | OUTBOX#<messageId>         | MESSAGE                     |                                        | CASE#<caseRef> / OUTBOX#…    | OUTBOX#DUE / <at>#<msgId>  |
 * | card payment attempt     | PAYATTEMPT#<attemptId>     | ATTEMPT                     |                                        |                              |                            |
 * | Open311 request (no PII) | OPEN311#<serviceRequestId> | REQUEST                     |                                        |                              |                            |
 *
 * Access patterns and what serves each (no Scan anywhere):
 * - case by reference: GetItem pk=CASE#ref, sk=CASE
 * - a case's timeline, complaints, party links: Query pk=CASE#ref, sk begins_with EVENT# / COMPLAINT# / PARTY#
 * - a person's details (staff view, anonymisation): GetItem pk=PERSON#id
 * - the case a resident's tracking token opens: GetItem pk=TRACK#hash
 * - the open case for a noise source (repeat complaints attach): GetItem pk=SOURCE#key
 * - next case reference: UpdateItem ADD on COUNTER#CASEREF#year
 * - cases by status, most recently updated first: Query gsi1 gsi1pk=STATUS#status
 * - every open case, most recently updated first: Query gsi4 gsi4pk=OPEN (sparse: closed cases leave it)
 * - cases carrying a flag (stalled, refund due): Query pk=FLAGGED#flag
 * - open tasks of a type, oldest due first: Query gsi1 gsi1pk=TASKS#OPEN#type
 * - everything attached to a case that lives in its own partition (tasks, people): Query gsi2 gsi2pk=CASE#ref
 * - what is due now (sweeper): Query gsi3 gsi3pk=DUE, gsi3sk <= now. Items leave the index
 *   (the attributes are removed) once handled, so a sweep reads only what is due.
 * - messages to send or check now (outbox drain): Query gsi3 gsi3pk=OUTBOX#DUE, gsi3sk <= now. A
 *   message enters when queued (`queueMessage` in functions/domain/delivery/queue.ts), its time
 *   moves as it is claimed, sent, retried and checked, and it leaves once delivered or reported
 *   undeliverable. Its own partition keeps the sweeper's reads and the drain's apart.
 * - a resident's card payment, from the id in Pay's return URL: GetItem pk=PAYATTEMPT#id
 * - an Open311 request's report, from its service_request_id: GetItem / BatchGetItem pk=OPEN311#id,
 *   then its tracking token's record (TRACK#hash) for the case it is on now
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
}

export const caseTable: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
    },
    {
      indexName: 'gsi3',
      partitionKey: { name: 'gsi3pk', type: 'S' },
      sortKey: { name: 'gsi3sk', type: 'S' },
    },
    {
      indexName: 'gsi4',
      partitionKey: { name: 'gsi4pk', type: 'S' },
      sortKey: { name: 'gsi4sk', type: 'S' },
    },
  ],
};

/** The table name locally; in AWS the stack passes the real name through `TABLE_NAME`. */
export const LOCAL_TABLE_NAME = 'abate-cases';
