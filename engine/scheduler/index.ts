/** Fires due timers through the service; safe with several server processes. */
export { Scheduler, type SchedulerOptions } from './scheduler.js';
export { JobWorker, type JobWorkerOptions } from './job-worker.js';
