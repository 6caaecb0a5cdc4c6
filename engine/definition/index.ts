/** The definition format: schema, types, lint, compile. Pure. */
export { definitionSchema, stateMetaSchema } from './definition-schema.js';
export type { AccessRule, Definition, StatisticsSpec, IndicatorSpec, DimensionSpec, OfferSpec, LocalizedText, TaskSpec, EventSpec, StateMeta, DelaySpec, FormSpec } from './definition-schema.js';
export { lintDefinition, type LintResult } from './lint.js';
export { compileDefinition, capacityKey, delayMs, evalRule, metaOf, type CompiledDefinition, type EvalContext, type CatalogueField, type CapacityQuery, type FileField, FILE_DEFAULTS } from './compile.js';
export { addDuration, deadlineInstant, isDuration, isTimeZone, localDay, parseDuration, DEFAULT_TIME_ZONE } from './duration.js';
export { GUARDS, ACTIONS, isGuardType, isActionType } from './catalogue.js';
export { walkStates, transitionsOf, resolveTarget, type StateNodeInfo, type TransitionInfo } from './walk-machine.js';
export { definitionGraph, type DefinitionGraph } from './graph.js';
export { CATALOGUE_KEYWORD, FORM_FORMATS, formDialect, type FormDialect } from './form-ajv.js';
export { guardMessage, type GuardRef } from './guards.js';
export { CONSENT_KEYWORD, PREFILL_KEYWORD } from './form-ajv.js';
export { parentDataPaths, pickPaths } from './parent-reads.js';
export { caseTitleForms, fillCaseTitle, foldText, lintCaseTitle, searchWords } from './case-title.js';
export { listTransitions, takenTransitions, tracedMachine, type TransitionRef } from './transition-list.js';
export { seededRandom, sampleValue, applyConditionals, ifHolds, mergeSchemas, type Random, type CatalogueEntries } from './sample-data.js';
export { formVariants, type VariantOptions } from './form-variants.js';
export { initialStatePaths } from './initial-states.js';
export { diffDefinitions, stateRenames, type DefinitionChange } from './diff.js';
export { lintStatistics } from './lint-statistics.js';
export { lintOffer, itemSchemaAt, PUBLIC_KEYWORD } from './lint-offer.js';
export {
  lintStatisticsAcross, STATISTICS_NOT_COUNTABLE, STATISTICS_PARENT_FIELD, STATISTICS_PERIOD_MISMATCH, STATISTICS_UNKNOWN_INDICATOR, type AcrossProblem,
} from './lint-statistics-across.js';
