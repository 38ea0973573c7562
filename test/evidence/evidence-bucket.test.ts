/**
 * The evidence bucket in the real stack (the registries as they are): private, encrypted, TLS
 * only, access-logged, no expiry on kept files (retention deletes them), and each function able
 * to do exactly what its evidence access level says, on its own prefix.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, routes } from '../../infra/functions.ts';
import { workflows } from '../../workflows/registry.ts';
import {
  actionsOf,
  findDependencyCycle,
  resourcesOf,
  roleOfFunction,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from '../infra/support/synth.ts';

let prod: Synthesized;
let bucketId: string;

beforeAll(() => {
  prod = synthesize({ stage: 'prod', nag: true, functions, routes, workflows });
  bucketId = prod.ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('EvidenceFiles'))?.[0] as string;
});

const text = (value: unknown) => JSON.stringify(value);

/** A resource's properties by logical id; fails the test when it is not there. */
function propertiesOf(logicalId: string | undefined): Record<string, unknown> {
  const found = logicalId ? prod.resources[logicalId] : undefined;
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found.Properties;
}

/** `pending/*` for `{Fn::Join: ['', [{Fn::GetAtt: [bucket, Arn]}, '/pending/*']]}`; `bucket` for its ARN. */
function onBucket(resource: unknown): string | undefined {
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join && text(join[1][0]).includes(bucketId)) return String(join[1][1]).replace(/^\//, '');
  if (text(resource).includes(bucketId)) return 'bucket';
  return undefined;
}

function bucketGrants(functionId: string): string[] {
  return statementsOfRole(prod, roleOfFunction(prod, functionId))
    .flatMap((statement) =>
      resourcesOf(statement)
        .map(onBucket)
        .filter((where): where is string => where !== undefined)
        .flatMap((where) => actionsOf(statement).map((action) => `${action} ${where}`)),
    )
    .sort();
}

describe('the evidence bucket', () => {
  it('blocks public access, is encrypted and versioned, and logs access to its own log bucket', () => {
    const bucket = prod.resources[bucketId];
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(text(bucket?.Properties.BucketEncryption)).toContain('AES256');
    expect(bucket?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(text(bucket?.Properties.LoggingConfiguration)).toContain('EvidenceAccessLogs');
    expect(bucket?.DeletionPolicy).toBe('Retain');
  });

  it('refuses requests without TLS 1.2 or later', () => {
    const policyId = prod
      .ofType('AWS::S3::BucketPolicy')
      .find(([, resource]) => text(resource.Properties.Bucket).includes(bucketId))?.[0];
    const statements = (propertiesOf(policyId).PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    const denies = statements.filter((statement) => statement.Effect === 'Deny');
    expect(text(denies)).toContain('"aws:SecureTransport":"false"');
    expect(text(denies)).toContain('"s3:TlsVersion":1.2');
  });

  it('expires unjudged uploads after a day and never expires kept evidence: retention deletes it', () => {
    const rules = (propertiesOf(bucketId).LifecycleConfiguration as { Rules: Record<string, unknown>[] })
      .Rules;
    const pending = rules.find((rule) => rule.Prefix === 'pending/');
    expect(pending).toMatchObject({ ExpirationInDays: 1, Status: 'Enabled' });
    for (const rule of rules.filter((candidate) => candidate.Prefix === 'evidence/' || !candidate.Prefix)) {
      expect(rule.ExpirationInDays, String(rule.Id)).toBeUndefined();
      expect(rule.ExpirationDate, String(rule.Id)).toBeUndefined();
    }
    expect(rules.some((rule) => rule.AbortIncompleteMultipartUpload)).toBe(true);
  });

  it('takes browser uploads only from the site, whose pages may send them there', () => {
    const cors = prod.resources[bucketId]?.Properties.CorsConfiguration as {
      CorsRules: Record<string, unknown>[];
    };
    expect(cors.CorsRules).toHaveLength(1);
    expect(cors.CorsRules[0]?.AllowedMethods).toEqual(['PUT', 'GET']);
    expect(text(cors.CorsRules[0]?.AllowedOrigins)).toContain('WebDistribution');
    expect(text(cors.CorsRules[0]?.AllowedOrigins)).not.toContain('*');
    const [, headers] = prod.only('AWS::CloudFront::ResponseHeadersPolicy');
    const csp = text(headers.Properties);
    expect(csp).toContain('connect-src');
    expect(csp).toContain('abate-prod-evidence-');
    expect(findDependencyCycle(prod.resources)).toBeUndefined();
  });

  it('grants each function exactly its evidence access, on its own prefix', () => {
    const upload = [
      's3:DeleteObject pending/*',
      's3:DeleteObjectVersion pending/*',
      's3:GetObject pending/*',
      's3:ListBucketVersions bucket',
      's3:PutObject evidence/*',
      's3:PutObject pending/*',
    ];
    // Staff read kept files through download links; the same function takes uploads.
    expect(bucketGrants('EvidenceApi')).toEqual([...upload, 's3:GetObject evidence/*'].sort());
    expect(bucketGrants('Sweeper')).toEqual(
      [
        's3:DeleteObject evidence/*',
        's3:DeleteObjectVersion evidence/*',
        's3:ListBucketVersions bucket',
      ].sort(),
    );
    for (const spec of functions.filter((candidate) => !candidate.evidence))
      expect(bucketGrants(spec.id), spec.id).toEqual([]);
  });

  it('names the bucket only to the functions that use it', () => {
    for (const spec of functions) {
      const variables = (
        propertiesOf(prod.functionLogicalIds[spec.id]).Environment as { Variables: Record<string, unknown> }
      ).Variables;
      expect('EVIDENCE_BUCKET' in variables, spec.id).toBe(spec.evidence !== undefined);
    }
  });

  it('passes cdk-nag with the real registries, each acknowledgement giving its reason', () => {
    const report = new AwsSolutionsChecks().validateScope(prod.stack);
    expect(
      report.violations.flatMap((violation) =>
        violation.violatingResources.map((resource) => `${violation.ruleName} ${resource.constructPath}`),
      ),
    ).toEqual([]);
    const evidenceAcknowledgements = prod.stack.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>)),
      )
      .filter(([id]) => id.includes('EvidenceFiles') || id === 'AwsSolutions-S1');
    expect(evidenceAcknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of evidenceAcknowledgements)
      expect(String(reason).length, id).toBeGreaterThan(40);
  });
});
