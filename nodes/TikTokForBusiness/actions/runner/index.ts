// Running items: one by one or per group (perItem.ts), batched by ID or merged into shared
// requests (batching.ts); pairing, Continue On Fail and item indices on errors (errors.ts).
export { errorJson, extendError, withItemIndex } from './errors';
export {
	groupItemsBy,
	runPerGroup,
	runPerItem,
	type ItemExecute,
	type ItemResult,
	type Operation,
} from './perItem';
export {
	runBatched,
	runBatchedById,
	type BatchJob,
	type BatchOutcome,
	type IdJob,
} from './batching';
