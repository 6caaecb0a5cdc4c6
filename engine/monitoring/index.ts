/** Monitoring: anonymous statistics of the processes, periods, disclosure control. Pure. */
export * from './facts.js';
export * from './periods.js';
export * from './suppression.js';
export * from './linked-suppression.js';
