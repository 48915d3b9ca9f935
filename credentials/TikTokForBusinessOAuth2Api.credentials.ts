import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { allowedBaseUrl } from './allowedBaseUrl';

// TikTok's host without a trailing slash; the OAuth2 URLs below follow it.
const baseUrlExpression = allowedBaseUrl('$self["baseUrl"]');

export class TikTokForBusinessOAuth2Api implements ICredentialType {
	name = 'tikTokForBusinessOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'TikTok for Business OAuth2 API';

	icon: Icon = { light: 'file:../icons/tiktok.svg', dark: 'file:../icons/tiktok.dark.svg' };

	documentationUrl = 'https://business-api.tiktok.com/portal/docs?id=1738373141733378';

	properties: INodeProperties[] = [
		{
			displayName:
				'In your app on the TikTok API for Business portal, set the Advertiser redirect URL to the OAuth Redirect URL shown above, put the App ID in Client ID and the Secret in Client Secret, and enable the scopes "Ad Account Management > Ad Account Information > Read Ad Account Information" and "Audience Management > All".',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			// n8n labels this field "Client ID" whatever it is called here; the hint says what goes in.
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			hint: "Your TikTok app's App ID, from the app's page in the TikTok API for Business portal",
			description:
				"Your app's App ID, shown on the app's page in the TikTok API for Business portal",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: "Your TikTok app's Secret, shown next to the App ID",
			description: "Your app's Secret, shown next to the App ID",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://business-api.tiktok.com',
			description:
				'Where the node sends your token, and n8n your app secret: TikTok API for Business host. Change it only to go through a proxy: https:// and a host name, optionally with :port (http:// only for localhost, 127.0.0.1 or [::1]); no path, user name or IP address. The authorization and token URLs follow it; if it is refused they lead nowhere, and the node says why.',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${baseUrlExpression} + "/portal/auth" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${baseUrlExpression} + "/open_api/v1.3/oauth/token/" }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// TikTok's permissions are configured on the app, not requested by name.
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '={{ "app_id=" + $self["clientId"] }}',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
