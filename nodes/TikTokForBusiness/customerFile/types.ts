// What the customer-file engine works with: identifier types, options and why values drop.

export type IdentifierType = 'email' | 'phone' | 'idfa' | 'gaid' | 'maid';

export type HashAlgorithm = 'sha256' | 'md5';

export type DropReason =
	| 'blank'
	| 'notText'
	| 'invalidEncoding'
	| 'tooLong'
	| 'invalidEmail'
	| 'invalidPhone'
	| 'invalidMobileId'
	| 'wrongHashType'
	| 'duplicate';

export interface NormaliseOptions {
	/** Country calling code for numbers written without one, e.g. '1', '44' or '+49'. */
	defaultCountryCode?: string;
	/**
	 * Whether phones are hashed with the '+' of E.164. Off by default: TikTok's customer-file pages
	 * say to remove it, and the one phone digest TikTok publishes is of the digits alone.
	 */
	phoneIncludePlus?: boolean;
	/**
	 * Whether a '+' in an e-mail's local part is removed with what follows it up to the '@'. On by
	 * default, as TikTok's list of supported customer-file formats asks.
	 */
	emailRemovePlusTag?: boolean;
	/** Digest for IDFA, GAID and mixed mobile IDs (default SHA-256). */
	mobileIdHash?: HashAlgorithm;
	/**
	 * Whether a mobile ID of 32 hex characters is an MD5 digest to keep. By default it is a UUID
	 * written without hyphens, and is hashed: the two look alike, and a raw ID must never be
	 * uploaded as if it were a digest.
	 */
	mobileIdsAreMd5Digests?: boolean;
}

export interface DroppedIdentifier {
	ok: false;
	reason: DropReason;
}
