/**
 * Where evidence files live in AWS: a private bucket (all public access blocked, encrypted, TLS
 * 1.2 or later only, versioned, and on a stage that keeps its data access-logged for chain of
 * custody) that residents' browsers reach only through presigned links.
 *
 * Layout and retention: `pending/<caseRef>/<uploadId>` holds an upload until it is judged (kept or
 * deleted within seconds); `evidence/<caseRef>/<fileId>` holds kept files for as long as their case
 * is retained. The bucket cannot know when that is (six years after closure, by default, and a
 * case can reopen), so kept files never expire here: the case's retention job deletes them, every
 * version. The lifecycle rules clear only what no case points at: unfinished uploads, earlier
 * versions, incomplete multipart uploads.
 */
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { EvidenceAccess } from '../functions.ts';

export interface EvidenceBucketProps {
  stage: string;
  removalPolicy: RemovalPolicy;
  /** Log every access to evidence (chain of custody) in a bucket of its own; a dev stage may go without. */
  accessLogs?: boolean;
  /** How long the bucket's access logs are kept. */
  accessLogDays?: number;
}

/** Exactly what each access level may do, on which prefix. */
export const EVIDENCE_ACTIONS: Record<
  EvidenceAccess,
  { prefix: string; objects: string[]; listVersions: boolean }
> = {
  // Sign upload links (PutObject), read an upload to judge it, copy it to evidence/, delete it (every version).
  upload: {
    prefix: 'pending/',
    objects: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
    listVersions: true,
  },
  read: { prefix: 'evidence/', objects: ['s3:GetObject'], listVersions: false },
  erase: { prefix: 'evidence/', objects: ['s3:DeleteObject', 's3:DeleteObjectVersion'], listVersions: true },
};

export class EvidenceBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket | undefined;
  /** The origin browsers send uploads to: pages' CSP `connect-src` must allow it. */
  readonly uploadOrigin: string;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;

    this.accessLogs = props.accessLogs === false ? undefined : this.accessLogBucket(props);

    // Named from fixed parts: the site's CSP names the bucket's host, and the bucket's CORS names
    // the site, so a token either way round would make a dependency cycle.
    const bucketName = `abate-${props.stage}-evidence-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    this.bucket = new s3.Bucket(this, 'Files', {
      bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // An overwritten or deleted exhibit can be recovered until the retention job removes it for good.
      versioned: true,
      ...(this.accessLogs
        ? {
            serverAccessLogsBucket: this.accessLogs,
            serverAccessLogsPrefix: `s3/abate-${props.stage}-evidence/`,
          }
        : {}),
      lifecycleRules: [
        {
          id: 'expire-unjudged-uploads',
          prefix: 'pending/',
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'expire-earlier-versions-of-evidence',
          prefix: 'evidence/',
          noncurrentVersionExpiration: Duration.days(30),
          expiredObjectDeleteMarker: true,
        },
        {
          // Exhibits are read when reviewed and again if a case goes to court: rarely after a few months.
          id: 'evidence-to-infrequent-access',
          prefix: 'evidence/',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
          ],
        },
      ],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    this.uploadOrigin = `https://${bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    if (!this.accessLogs)
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'A stage without access logs holds test data only; a stage that keeps its data (prod) logs every access to evidence for chain of custody',
      });
  }

  private accessLogBucket(props: EvidenceBucketProps): s3.Bucket {
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogDays ?? 400) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the evidence bucket’s server access logs; logging a log bucket to itself would loop',
    });
    return bucket;
  }

  /** Browsers on these origins may send uploads (PUT) and read downloads (GET) with presigned links. */
  allowBrowsersFrom(origins: string[]): void {
    this.bucket.addCorsRule({
      allowedOrigins: origins,
      allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
      allowedHeaders: ['content-type'],
      maxAge: 3000,
    });
  }

  /** Grants a function exactly its access level, on its prefix; the bucket's name goes in its environment. */
  grant(fn: lambda.Function, access: EvidenceAccess): void {
    const { prefix, objects, listVersions } = EVIDENCE_ACTIONS[access];
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: objects, resources: [this.bucket.arnForObjects(`${prefix}*`)] }),
    );
    // An accepted upload is copied into evidence/: a write there, and nothing else.
    if (access === 'upload')
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.bucket.arnForObjects('evidence/*')],
        }),
      );
    if (listVersions)
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucketVersions'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
        }),
      );
    fn.addEnvironment('EVIDENCE_BUCKET', this.bucket.bucketName);
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    for (const path of [prefix, ...(access === 'upload' ? ['evidence/'] : [])]) {
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${path}*]`,
        reason: `Evidence objects are keyed by case and file id at run time; the grant is limited to the ${path} prefix and to the actions its access level (${access}) needs`,
      });
    }
  }
}
