/**
 * The legal routes and shared stages a case can go through. A new route is a folder here with a
 * `RouteModule`, a workflow file under `workflows/`, and one line in each list.
 */

import { casework } from '../casework/route.ts';
import { contact } from '../delivery/contact-task.ts';
import { evidence } from '../evidence/index.ts';
import { appeals } from '../notices/appeals.ts';
import { asb } from './asb/index.ts';
import { caseSteps } from './case/index.ts';
import { investigation } from './investigation/index.ts';
import { noiseAct } from './noise-act/index.ts';
import { penalty } from './penalty/index.ts';
import { prosecution } from './prosecution/index.ts';
import { restorative } from './restorative/index.ts';
import { statutoryNuisance } from './statutory-nuisance/index.ts';
import type { RouteModule } from './types.ts';

/** Read on use (a function, not a list built at load): route modules and lifecycle code import each other. */
export const routeModules = (): RouteModule[] => [
  investigation,
  asb,
  restorative,
  penalty,
  prosecution,
  appeals,
  contact,
  evidence,
  caseSteps,
  statutoryNuisance,
  noiseAct,
  casework,
];
