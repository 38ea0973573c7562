/**
 * Workflow step: every system step of every route (serve a notice, issue a penalty, prepare a
 * prosecution file, close the case), found by name in the routes' catalogue. One function for
 * all of them: a new route's steps need no new function or permission.
 */
import { lifecycleDeps } from '../commons/lifecycle-deps.ts';
import { workflowStep } from '../commons/workflow-step.ts';
import type { DocumentRenderer } from '../domain/documents/pdf.ts';
import { stepHandlers } from '../domain/routes/catalogue.ts';
import { RouteStepInput } from './step-input.ts';

/**
 * Steps that serve a notice render it once, to record the hash of what is posted. pdfmake loads on
 * the first render, so the steps that serve nothing do not pay for it on a cold start.
 */
const documents: DocumentRenderer = {
  render: async (document) => (await import('../domain/documents/pdf.ts')).renderPdf(document),
};

export const handler = workflowStep(RouteStepInput, async (input) => {
  const step = stepHandlers()[input.step];
  if (!step) throw new Error(`unknown workflow step ${input.step}`);
  return step({ ...lifecycleDeps(), documents }, input);
});
