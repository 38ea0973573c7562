/**
 * Workflow step: every system step of every route (serve a notice, issue a penalty, prepare a
 * prosecution file, close the case), found by name in the routes' catalogue. One function for
 * all of them: a new route's steps need no new function or permission.
 */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import { pdfRenderer } from '../domain/documents/pdf.ts';
import { stepHandlers } from '../domain/routes/catalogue.ts';
import { RouteStepInput } from './step-input.ts';

export const handler = workflowStep(RouteStepInput, async (input) => {
  const step = stepHandlers()[input.step];
  if (!step) throw new Error(`unknown workflow step ${input.step}`);
  // Steps that serve a notice render it once to record the hash of what is posted.
  return step({ ...lifecycleDeps(), documents: pdfRenderer }, input);
});
