/**
 * Simulation of offices of cases on the pure runtime: moves, linked-case
 * rules, and the path generator that takes every transition. Pure.
 */
export { applyMove, emptyOffice, contextOfStep, tracedLog, type Move, type OfficeState, type Outcome, type SimCase, type SimWorld, type Taken } from './office.js';
export { transitionPaths, simulationActor, type PathOptions, type TransitionPaths, type WorldTransition } from './transition-paths.js';
export { readPaths, ruleSignature, rulesOf } from './signature.js';
export { simulate, walkPaths, statesTitle, type WalkPath, type WalkStep } from './walk-through.js';
