/** A TikTok business error: answered as HTTP 200 with this code in the envelope. */
export class ApiError extends Error {
	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** The codes the emulator answers with, named after their meaning in TikTok's docs. */
export const ERROR_CODE = {
	ok: 0,
	noPermission: 40001,
	invalidParameter: 40002,
	notFound: 40007,
	notSupportedInSandbox: 40014,
	tooManyRequests: 40100,
	invalidAppCredentials: 40101,
	accessTokenExpired: 40102,
	accessTokenMissing: 40104,
	accessTokenInvalid: 40105,
	invalidGrantType: 40108,
	invalidAuthCode: 40110,
	advertiserTooManyRequests: 40133,
	fileSignatureMismatch: 40900,
	fileEmpty: 40906,
	fileTooLarge: 40907,
	fileTypeUnsupported: 40908,
	systemError: 50000,
	processingError: 50002,
	dmpServiceError: 51003,
	maintenance: 60001,
	tooManyRequestsBlocked: 61000,
} as const;

export function invalidParameter(message: string): ApiError {
	return new ApiError(ERROR_CODE.invalidParameter, message);
}

export function noPermission(message: string): ApiError {
	return new ApiError(ERROR_CODE.noPermission, message);
}

export function notFound(message: string): ApiError {
	return new ApiError(ERROR_CODE.notFound, message);
}
