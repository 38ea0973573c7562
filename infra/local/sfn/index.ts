/** The local Step Functions runtime: what `npm start`, the local gateway and tests import. */
export { createApi, type StepFunctionsApi } from './api.ts';
export { executionArn, lambdaFunctionArn, stateMachineArn } from './arns.ts';
export {
  DefinitionNotSupportedError,
  FUNCTION_ID_METADATA,
  type LocalStateMachine,
  loadStateMachines,
  prepareDefinition,
  WORKFLOW_ID_METADATA,
} from './definitions.ts';
export { type InvokeFunction, StepFunctionsEngine, type StructuredLogger } from './engine.ts';
export { StepFunctionsError } from './errors.ts';
export { invokerFromModules } from './functions.ts';
export {
  createLocalStepFunctions,
  type LocalStepFunctions,
  type LocalStepFunctionsOptions,
} from './server.ts';
export { LOCAL_SFN_TABLE_NAME, localSfnTable } from './store.ts';
export { synthesizeTemplate } from './synthesize.ts';
