/**
 * Synthesizing a CDK stack in process, for tests and tools that build their own stacks. Kept apart
 * from definitions.ts so that loading definitions does not load the CDK.
 */
import { App, type Stack, Stage } from 'aws-cdk-lib';
import type { JsonObject } from './definitions.ts';

/**
 * Synthesizes a CDK stack in process with bundling skipped and returns its CloudFormation
 * template. The factory builds the stack inside the app it is given.
 */
export function synthesizeTemplate(buildStack: (app: App) => Stack): JsonObject {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    // Template-wide CloudFormation validation (seconds of WASM per synth) belongs to `cdk synth`;
    // the local runtime only reads state machine definitions.
    builtinCloudFormationValidation: false,
    analyticsReporting: false,
  });
  const stack = buildStack(app);
  const stage = Stage.of(stack) ?? app;
  return stage.synth().getStackArtifact(stack.artifactId).template as JsonObject;
}
