import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { allowedBaseUrl } from './allowedBaseUrl';

export class TikTokForBusinessSandboxApi implements ICredentialType {
	name = 'tikTokForBusinessSandboxApi';

	displayName = 'TikTok for Business Sandbox API';

	icon: Icon = { light: 'file:../icons/tiktok.svg', dark: 'file:../icons/tiktok.dark.svg' };

	documentationUrl = 'https://business-api.tiktok.com/portal/docs?id=1738855331457026';

	properties: INodeProperties[] = [
		{
			displayName:
				'In the TikTok API for Business portal, open your app, create its sandbox ad account, then generate an access token on the same page. The sandbox cannot list authorized ad accounts or reach production data.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "The access token generated for your app's sandbox ad account",
		},
		{
			displayName: 'Sandbox Advertiser ID',
			name: 'advertiserId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 7123456789012345678',
			description: "The sandbox ad account's advertiser ID, shown on your app's page in the portal",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://sandbox-ads.tiktok.com',
			description:
				"Where the node sends your access token: TikTok's sandbox host. Change it only to go through a proxy: https:// and a host name, optionally with :port (http:// only for localhost, 127.0.0.1 or [::1]); no path, user name or IP address. If it is refused, the credential test fails and the node says why.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'Access-Token': '={{$credentials.accessToken}}',
			},
		},
	};

	// TikTok reports failures as HTTP 200 with a non-zero code, and rules can only match values,
	// so the known token codes get their own message and anything else fails on the missing user.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${allowedBaseUrl('$credentials.baseUrl')} }}/open_api/v1.3`,
			url: '/user/info/',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40104,
					message: 'The access token is empty. Paste the sandbox access token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40105,
					message:
						'TikTok does not recognise this access token. Generate a new sandbox access token in the portal.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40102,
					message:
						'This access token has expired or was revoked. Generate a new sandbox access token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40100,
					message: 'TikTok is rate limiting this app. Wait a minute and test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data.core_user_id',
					value: undefined,
					message:
						'TikTok did not accept the access token. Check the token and that the base URL is the sandbox host.',
				},
			},
		],
	};
}
