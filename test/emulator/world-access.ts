import { randomBytes } from 'node:crypto';

import { ADVERTISER_PROFILES, ALL_SCOPES, DEFAULT_WORLD } from './seed';
import type { Environment } from './types';
import { WorldCore } from './world-core';
import type {
	AddAdvertisersOptions,
	AddTokenInput,
	Advertiser,
	AuthCode,
	AuthorizationGrant,
	DeveloperApp,
	Token,
} from './world-model';

const AUTH_CODE_LIFETIME_MS = 60 * 60 * 1000;

function defaultRedirectAllowed(redirectUri: string): boolean {
	try {
		const url = new URL(redirectUri);
		return (
			(url.protocol === 'http:' || url.protocol === 'https:') &&
			(url.hostname === '127.0.0.1' || url.hostname === 'localhost')
		);
	} catch {
		return false;
	}
}

/** The developer app, the OAuth grant, Business Centers, advertisers, tokens and OAuth codes. */
export abstract class WorldAccess extends WorldCore {
	app: DeveloperApp = { ...DEFAULT_WORLD.app, redirectUris: 'loopback' };
	/** What /portal/auth grants: the advertisers and scopes a new token covers. */
	authorizationGrant: AuthorizationGrant = { advertiserIds: [], scopes: [...ALL_SCOPES] };

	private readonly businessCenterNames = new Map<string, string>();
	protected readonly advertiserMap = new Map<string, Advertiser>();
	private readonly tokenMap = new Map<string, Token>();
	private readonly authCodeMap = new Map<string, AuthCode>();

	protected override clearState(): void {
		super.clearState();
		this.businessCenterNames.clear();
		this.advertiserMap.clear();
		this.tokenMap.clear();
		this.authCodeMap.clear();
		this.app = { ...DEFAULT_WORLD.app, redirectUris: 'loopback' };
		this.authorizationGrant = {
			advertiserIds: this.seed === 'default' ? [...DEFAULT_WORLD.authorizingAdvertiserIds] : [],
			scopes: [...ALL_SCOPES],
		};
	}

	// -- developer app and redirect URIs ----------------------------------------------------------

	setRedirectUris(redirectUris: 'loopback' | string[]): void {
		this.app.redirectUris = redirectUris;
	}

	isRedirectUriAllowed(redirectUri: string): boolean {
		return this.app.redirectUris === 'loopback'
			? defaultRedirectAllowed(redirectUri)
			: this.app.redirectUris.includes(redirectUri);
	}

	// -- business centers and advertisers ---------------------------------------------------------

	addBusinessCenter(id: string, name: string): void {
		this.businessCenterNames.set(id, name);
	}

	businessCenterName(id: string): string | undefined {
		return this.businessCenterNames.get(id);
	}

	advertiser(advertiserId: string): Advertiser | undefined {
		return this.advertiserMap.get(advertiserId);
	}

	advertisers(filter: { environment?: Environment; businessCenterId?: string } = {}): Advertiser[] {
		return [...this.advertiserMap.values()].filter(
			(advertiser) =>
				(filter.environment === undefined || advertiser.environment === filter.environment) &&
				(filter.businessCenterId === undefined ||
					advertiser.businessCenterId === filter.businessCenterId),
		);
	}

	addAdvertiser(input: {
		advertiserId?: string;
		name: string;
		environment?: Environment;
		businessCenterId?: string;
		profile?: Record<string, string | number | boolean>;
	}): Advertiser {
		const advertiser: Advertiser = {
			advertiserId: input.advertiserId ?? this.nextId('advertiser'),
			name: input.name,
			environment: input.environment ?? 'production',
			businessCenterId: input.businessCenterId ?? DEFAULT_WORLD.businessCenters.acmeGroup.id,
			profile: {
				status: 'STATUS_ENABLE',
				role: 'ROLE_ADVERTISER',
				rejection_reason: '',
				company_name_editable: false,
				...ADVERTISER_PROFILES.acmeShoesUs,
				...input.profile,
			},
		};
		this.advertiserMap.set(advertiser.advertiserId, advertiser);
		return advertiser;
	}

	/** Bulk-creates advertisers named '<prefix> 001'…, optionally authorizing a token for them. */
	addAdvertisers(count: number, options: AddAdvertisersOptions = {}): Advertiser[] {
		const created: Advertiser[] = [];
		const width = Math.max(3, String(count).length);
		for (let index = 1; index <= count; index++) {
			created.push(
				this.addAdvertiser({
					name: `${options.namePrefix ?? 'Bulk Advertiser'} ${String(index).padStart(width, '0')}`,
					environment: options.environment,
					businessCenterId: options.businessCenterId,
				}),
			);
		}
		if (options.authorizeToken !== undefined) {
			this.authorizeAdvertisers(
				options.authorizeToken,
				created.map((advertiser) => advertiser.advertiserId),
			);
		}
		return created;
	}

	// -- tokens and authorization codes ---------------------------------------------------------

	token(accessToken: string): Token | undefined {
		return this.tokenMap.get(accessToken);
	}

	tokens(): Token[] {
		return [...this.tokenMap.values()];
	}

	addToken(input: AddTokenInput = {}): Token {
		const environment = input.environment ?? 'production';
		const token: Token = {
			accessToken: input.accessToken ?? randomBytes(20).toString('hex'),
			environment,
			appId: this.app.appId,
			advertiserIds: [...(input.advertiserIds ?? [])],
			scopes: [...(input.scopes ?? ALL_SCOPES)],
			revoked: input.revoked ?? false,
			user: input.user ?? { ...DEFAULT_WORLD.users.production },
			label: input.label ?? `${environment} token`,
		};
		this.tokenMap.set(token.accessToken, token);
		return token;
	}

	authorizeAdvertisers(accessToken: string, advertiserIds: Iterable<string>): void {
		const token = this.tokenMap.get(accessToken);
		if (!token) throw new Error(`Unknown token ${accessToken}`);
		const authorized = new Set(token.advertiserIds);
		for (const advertiserId of advertiserIds) authorized.add(advertiserId);
		token.advertiserIds = [...authorized];
	}

	revokeToken(accessToken: string): void {
		const token = this.tokenMap.get(accessToken);
		if (!token) throw new Error(`Unknown token ${accessToken}`);
		token.revoked = true;
	}

	issueAuthCode(appId: string, redirectUri: string): AuthCode {
		const authCode: AuthCode = {
			code: randomBytes(16).toString('hex'),
			appId,
			redirectUri,
			advertiserIds: [...this.authorizationGrant.advertiserIds],
			scopes: [...this.authorizationGrant.scopes],
			issuedAt: this.now(),
			used: false,
		};
		this.authCodeMap.set(authCode.code, authCode);
		this.counters.authCodesIssued++;
		return authCode;
	}

	authCode(code: string): AuthCode | undefined {
		return this.authCodeMap.get(code);
	}

	/** Single use, one hour, bound to the app: returns the code, or undefined when unusable. */
	redeemAuthCode(code: string, appId: string): AuthCode | undefined {
		const authCode = this.authCodeMap.get(code);
		if (!authCode || authCode.used || authCode.appId !== appId) return undefined;
		if (this.now() - authCode.issuedAt > AUTH_CODE_LIFETIME_MS) return undefined;
		authCode.used = true;
		return authCode;
	}

	/** Business Centers by ID, in the order they were added. */
	protected businessCenterEntries(): Array<[id: string, name: string]> {
		return [...this.businessCenterNames];
	}
}
