import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';

import { readStoredToken } from './tokenData';

export const PRODUCTION_CREDENTIAL_TYPE = 'tikTokForBusinessOAuth2Api';
export const SANDBOX_CREDENTIAL_TYPE = 'tikTokForBusinessSandboxApi';

const PRODUCTION_HOST = 'https://business-api.tiktok.com';
const SANDBOX_HOST = 'https://sandbox-ads.tiktok.com';

export type TikTokContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface Connection {
	credentialType: typeof PRODUCTION_CREDENTIAL_TYPE | typeof SANDBOX_CREDENTIAL_TYPE;
	isSandbox: boolean;
	baseUrl: string;
	/** The sandbox ad account configured on the sandbox credential. */
	sandboxAdvertiserId?: string;
	/** Where the OAuth2 token sits in the stored token data (flat or wrapped reply). */
	oauthTokenPath?: string;
}

export function isExecuteContext(context: TikTokContext): context is IExecuteFunctions {
	return 'getInputData' in context;
}

/** The credential's base URL, refused before any token or secret is sent to it. */
function baseUrlOf(context: TikTokContext, raw: unknown, fallback: string): string {
	// A cleared field is refused, as the credential's own URLs refuse it; only a credential saved
	// before the field existed has none, and gets TikTok's host.
	const checked = checkBaseUrl(raw === undefined || raw === null ? fallback : String(raw));
	if ('url' in checked) return checked.url;
	const error = new NodeOperationError(
		context.getNode(),
		`The credential's Base URL is not allowed: ${checked.problem}`,
		{
			description: `The token and the app secret go to this address. Use ${fallback}, or the HTTPS address of your proxy (host only).`,
		},
	);
	throw asCredentialFailure(error);
}

/** Marks an error as the credential's: every request of the execution would meet it. */
function asCredentialFailure<E extends NodeApiError | NodeOperationError>(error: E): E {
	error.context.credentialFailure = true;
	return error;
}

function readAuthentication(context: TikTokContext): unknown {
	// The credential belongs to the node, not to an item: the first item's choice is everyone's.
	return isExecuteContext(context)
		? context.getNodeParameter('authentication', 0, PRODUCTION_CREDENTIAL_TYPE)
		: context.getNodeParameter('authentication', PRODUCTION_CREDENTIAL_TYPE);
}

/** Reads which credential the node uses and where it points. */
export async function resolveConnection(context: TikTokContext): Promise<Connection> {
	if (readAuthentication(context) === SANDBOX_CREDENTIAL_TYPE) {
		const credentials = await context.getCredentials(SANDBOX_CREDENTIAL_TYPE);
		return {
			credentialType: SANDBOX_CREDENTIAL_TYPE,
			isSandbox: true,
			baseUrl: baseUrlOf(context, credentials.baseUrl, SANDBOX_HOST),
			sandboxAdvertiserId: String(credentials.advertiserId ?? '').trim(),
		};
	}
	const credentials = await context.getCredentials(PRODUCTION_CREDENTIAL_TYPE);
	const storedToken = readStoredToken(credentials.oauthTokenData);
	if (!storedToken.ok) {
		const tikTokSaid =
			storedToken.message !== undefined
				? ` TikTok said: "${storedToken.message}"${storedToken.code !== undefined ? ` (code ${storedToken.code})` : ''}.`
				: '';
		throw asCredentialFailure(
			new NodeApiError(
				context.getNode(),
				{ code: storedToken.code ?? null, message: storedToken.message ?? null },
				{
					message: `The TikTok credential holds no access token: reconnect the credential.${tikTokSaid}`,
					description:
						'n8n reports "Connection successful" even when TikTok refuses the authorization. Open the credential, check the App ID and Secret, click "Reconnect" and approve the ad accounts again. An authorization code works once and for one hour.',
				},
			),
		);
	}
	return {
		credentialType: PRODUCTION_CREDENTIAL_TYPE,
		isSandbox: false,
		baseUrl: baseUrlOf(context, credentials.baseUrl, PRODUCTION_HOST),
		oauthTokenPath: storedToken.tokenPath,
	};
}

/** The production app's ID and secret, which one TikTok endpoint wants in its query. */
export async function readAppCredentials(
	context: TikTokContext,
): Promise<{ appId: string; secret: string }> {
	const credentials = await context.getCredentials(PRODUCTION_CREDENTIAL_TYPE);
	return {
		appId: String(credentials.clientId ?? ''),
		secret: String(credentials.clientSecret ?? ''),
	};
}
