/** The definition format: schema, types, lint, compile. Pure. */
export { definitionSchema, stateMetaSchema } from './definition-schema.js';
export type { AccessRule, Definition, LocalizedText, TaskSpec, EventSpec, StateMeta, DelaySpec, FormSpec } from './definition-schema.js';
export { lintDefinition, type LintResult } from './lint.js';
export { compileDefinition, capacityKey, delayMs, evalRule, metaOf, type CompiledDefinition, type EvalContext, type CatalogueField, type CapacityQuery } from './compile.js';
export { addDuration, isDuration, parseDuration } from './duration.js';
export { GUARDS, ACTIONS, isGuardType, isActionType } from './catalogue.js';
export { walkStates, transitionsOf, resolveTarget, type StateNodeInfo, type TransitionInfo } from './walk-machine.js';
export { definitionGraph, type DefinitionGraph } from './graph.js';
export { CATALOGUE_KEYWORD, CONSENT_KEYWORD, PREFILL_KEYWORD } from './form-ajv.js';
export { parentDataPaths, pickPaths } from './parent-reads.js';
export { caseTitleForms, fillCaseTitle, foldText, lintCaseTitle, searchWords } from './case-title.js';
