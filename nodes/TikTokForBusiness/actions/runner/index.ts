// Running items, one way for every operation: the items become jobs (one per item, per group, or
// per target), jobs are sent alone or merged into shared requests, and their outcomes become the
// output, paired and in order, with Continue On Fail and item indices on errors.
export { errorJson, extendError, withItemIndex } from './errors';
export { eachItem, groupItems, isFixedParameter, type Job, type ReadJob } from './jobs';
export { perItem, type Execute, type ItemOperation, type Operation } from './operation';
export type { Outcome } from './output';
export { runJobs, type RunPlan } from './run';
