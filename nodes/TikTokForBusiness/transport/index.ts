// The only way the node reaches TikTok. Operations and pickers use the client and the endpoint
// functions, which take the node's own names (camelCase) and write TikTok's field names; URLs,
// credentials, the envelope, retries, paging and multipart stay in this folder.
export { TikTokClient, type Page, type ReplyOrRefusal } from './client';
export {
	PRODUCTION_CREDENTIAL_TYPE,
	SANDBOX_CREDENTIAL_TYPE,
	type TikTokContext,
} from './connection';
export { isCredentialFailure, isRefusalOfContent } from './errors';
export { UPLOAD_FRAMING_ROOM } from './multipart';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export * from './endpoints/advertiser';
export * from './endpoints/audiences';
export * from './endpoints/adGroups';
export * from './endpoints/lookalikes';
export * from './endpoints/sharing';
export type { FindCreated, TookEffect } from './endpoints/reconcile';
export type * from './types';
