/** The pure runtime: (definition, case, command, actor, now) -> step or typed error. No I/O, no clock. */
export { applyEvent, createCase, eventsInState, hasRole, SUBMIT, CREATED, type AvailableEvent } from './apply-event.js';
export { replayCase } from './replay.js';
export { checkForm, prepareForm } from './form-check.js';
export { deriveTasks, firstDue, statePathsOf } from './step.js';
export type * from './types.js';
export { attachmentIdOf, attachmentReference } from './attachments.js';
export { MIGRATED, migrateCase, dataProblems, leafPaths, resolveMapping, type MigrationData, type MigrationProblem } from './migrate-case.js';
