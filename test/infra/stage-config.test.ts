import { App, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { stageConfigFrom } from '../../infra/stage-config.ts';

const configWith = (context: Record<string, unknown>) => stageConfigFrom(new App({ context }).node);

describe('stage configuration from context', () => {
  it('is dev unless told otherwise: things are deleted with the stack and logs kept a week', () => {
    const config = configWith({});
    expect(config).toMatchObject({
      stage: 'dev',
      removalPolicy: RemovalPolicy.DESTROY,
      logRetention: RetentionDays.ONE_WEEK,
    });
    expect(config.sweeperRate.toMinutes()).toBe(15);
  });

  it('keeps prod resources on deletion and logs for six months, with no CORS origin by default', () => {
    expect(configWith({ stage: 'prod' })).toMatchObject({
      stage: 'prod',
      removalPolicy: RemovalPolicy.RETAIN,
      logRetention: RetentionDays.SIX_MONTHS,
      corsOrigins: [],
    });
  });

  it('reads lists from comma-separated -c values and from JSON arrays alike', () => {
    expect(configWith({ corsOrigins: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(configWith({ staffCallbackUrls: ['https://a.example/cb'] }).staffCallbackUrls).toEqual([
      'https://a.example/cb',
    ]);
  });

  it('refuses a stage it does not know', () => {
    expect(() => configWith({ stage: 'staging' })).toThrow('Context stage must be one of dev, prod');
  });

  it('refuses a sweeper rate that is not a positive number', () => {
    expect(() => configWith({ sweeperRateMinutes: 'often' })).toThrow('sweeperRateMinutes');
    expect(() => configWith({ sweeperRateMinutes: 0 })).toThrow('sweeperRateMinutes');
    expect(configWith({ sweeperRateMinutes: '5' }).sweeperRate.toMinutes()).toBe(5);
  });
});
