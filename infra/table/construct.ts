/**
 * The case table in AWS, built from the shared definition in `schema.ts` (the same one dynalite
 * uses locally), plus the IAM grants each function's `table` access level maps to.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { TableAccess } from '../functions.ts';
import { caseTable, type KeyAttribute } from './schema.ts';

/** Reads the handlers make: GetItem and Query (plus BatchGet for timelines that fan out). */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/**
 * Item writes, and batches of independent items an operation owns (its letters, its report's
 * items): the design forbids TransactWriteItems and Scan.
 */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

export function tableActionsFor(access: TableAccess): string[] {
  switch (access) {
    case 'none':
      return [];
    case 'read':
      return [...TABLE_READ_ACTIONS];
    case 'readwrite':
      return [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
  }
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return {
    name: key.name,
    type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
  };
}

export interface CaseTableProps {
  removalPolicy: RemovalPolicy;
  /** Per-key read/write statistics; costs extra, so off unless asked for. */
  contributorInsights?: boolean;
}

export class CaseTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: CaseTableProps) {
    super(scope, id);
    const retained = props.removalPolicy === RemovalPolicy.RETAIN;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(caseTable.partitionKey),
      sortKey: attribute(caseTable.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS-owned keys cost nothing and need no key grants; a CMK would add a key per function policy.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: retained,
      removalPolicy: props.removalPolicy,
      ...(props.contributorInsights ? { contributorInsightsSpecification: { enabled: true } } : {}),
    });
    for (const index of caseTable.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Grants exactly the actions of an access level: reads on the table and its named indexes (no
   * `index/*` wildcard, so an index must be in the shared definition before anything can use it),
   * writes on the table alone, since indexes cannot be written.
   */
  grant(grantee: iam.IGrantable, access: TableAccess): void {
    if (access === 'none') return;
    const indexArns = caseTable.globalSecondaryIndexes.map(
      (index) => `${this.table.tableArn}/index/${index.indexName}`,
    );
    iam.Grant.addToPrincipal({
      grantee,
      actions: TABLE_READ_ACTIONS,
      resourceArns: [this.table.tableArn, ...indexArns],
    });
    if (access === 'readwrite') {
      iam.Grant.addToPrincipal({
        grantee,
        actions: TABLE_WRITE_ACTIONS,
        resourceArns: [this.table.tableArn],
      });
    }
  }
}
