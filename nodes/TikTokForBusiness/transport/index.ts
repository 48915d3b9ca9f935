// The only way the node reaches TikTok. Operations and pickers use the client and the endpoint
// functions; URLs, credentials, the envelope, retries, paging and multipart stay in this folder.
export { TikTokClient, type Page } from './client';
export {
	PRODUCTION_CREDENTIAL_TYPE,
	SANDBOX_CREDENTIAL_TYPE,
	type TikTokContext,
} from './connection';
export { mayBeOneItemsFault } from './errors';
export { UPLOAD_FRAMING_ROOM } from './multipart';
export * from './endpoints/advertiser';
export * from './endpoints/audience';
export type * from './types';
