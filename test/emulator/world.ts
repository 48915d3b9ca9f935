import { ADVERTISER_PROFILES, DEFAULT_WORLD, customerEmail } from './seed';
import { WorldAudiences } from './world-audiences';
import type { WorldOptions } from './world-model';
import { LOOKALIKE_SIZE_FACTOR, formatTikTokTime, sha256Hex } from './world-model';

// The World's data types and helpers live in world-model.ts; modules outside the World import
// them from here.
export * from './world-model';

/**
 * State of one emulator instance: advertisers, tokens, files, audiences, ad groups, logs. Built in
 * layers (world-core.ts, world-access.ts, world-ad-groups.ts, world-audiences.ts); this last one
 * resets, seeds and summarises.
 */
export class World extends WorldAudiences {
	constructor(options: WorldOptions = {}) {
		super(options);
		this.reset();
	}

	/** Back to the seeded state and the start-up settings. */
	reset(): void {
		this.clearState();
		if (this.seed === 'default') this.seedDefaultWorld();
	}

	// -- inspection -----------------------------------------------------------------------------

	/** A JSON summary for the control API: no member lists, no full token values. */
	summary(): Record<string, unknown> {
		return {
			app: { appId: this.app.appId, redirectUris: this.app.redirectUris },
			authorizationGrant: this.authorizationGrant,
			...this.settings,
			businessCenters: this.businessCenterEntries().map(([id, name]) => ({ id, name })),
			advertisers: [...this.advertiserMap.values()].map((advertiser) => ({
				advertiserId: advertiser.advertiserId,
				name: advertiser.name,
				environment: advertiser.environment,
				businessCenterId: advertiser.businessCenterId,
			})),
			tokens: this.tokens().map((token) => ({
				label: token.label,
				accessTokenPreview: `${token.accessToken.slice(0, 6)}...`,
				environment: token.environment,
				advertiserIds: token.advertiserIds,
				scopes: token.scopes,
				revoked: token.revoked,
			})),
			files: this.files.map((file) => ({
				filePath: file.filePath,
				advertiserId: file.advertiserId,
				calculateType: file.calculateType,
				name: file.name,
				rows: file.rows,
				digestCount: file.digests.size,
				md5: file.md5,
			})),
			audiences: [...this.audienceMap.values()].map((audience) => ({
				audienceId: audience.audienceId,
				ownerId: audience.ownerId,
				name: audience.name,
				audienceType: audience.audienceType,
				calculateType: audience.calculateType,
				memberCount: this.audienceSize(audience),
				createTime: formatTikTokTime(audience.createdAt),
				processing: this.isProcessing(audience),
				filePaths: audience.filePaths,
				sharedWith: [...audience.sharedWith.values()]
					.filter((share) => share.status === 'SHARED')
					.map((share) => share.advertiserId),
			})),
			adGroups: [...this.adGroupMap.values()].map((adGroup) => ({
				adgroupId: adGroup.adgroupId,
				advertiserId: adGroup.advertiserId,
				name: adGroup.name,
				audiences: Object.fromEntries(adGroup.audiences),
			})),
			applyLogEntries: this.applyLog.length,
			counters: this.counters,
		};
	}

	// -- seed -----------------------------------------------------------------------------------

	private seedDefaultWorld(): void {
		const seed = DEFAULT_WORLD;
		for (const center of Object.values(seed.businessCenters)) {
			this.addBusinessCenter(center.id, center.name);
		}
		const centerOf: Record<keyof typeof seed.advertisers, string> = {
			acmeShoesUs: seed.businessCenters.acmeGroup.id,
			acmeShoesEu: seed.businessCenters.acmeGroup.id,
			acmeOutlet: seed.businessCenters.acmeGroup.id,
			otherAgencyClient: seed.businessCenters.otherAgency.id,
			sandbox: seed.businessCenters.sandbox.id,
		};
		for (const key of Object.keys(seed.advertisers) as Array<keyof typeof seed.advertisers>) {
			this.addAdvertiser({
				advertiserId: seed.advertisers[key].id,
				name: seed.advertisers[key].name,
				environment: key === 'sandbox' ? 'sandbox' : 'production',
				businessCenterId: centerOf[key],
				profile: { ...ADVERTISER_PROFILES[key] },
			});
		}

		const acmeIds = [...seed.authorizingAdvertiserIds];
		this.addToken({
			accessToken: seed.tokens.production,
			advertiserIds: acmeIds,
			label: 'production (all scopes)',
		});
		this.addToken({
			accessToken: seed.tokens.readOnly,
			advertiserIds: acmeIds,
			scopes: [100],
			label: 'production (ad account read only)',
		});
		this.addToken({
			accessToken: seed.tokens.revoked,
			advertiserIds: acmeIds,
			revoked: true,
			label: 'production (revoked)',
		});
		this.addToken({
			accessToken: seed.tokens.otherAgency,
			advertiserIds: [seed.advertisers.otherAgencyClient.id],
			user: { ...seed.users.otherAgency },
			label: 'production (other agency)',
		});
		this.addToken({
			accessToken: seed.tokens.sandbox,
			environment: 'sandbox',
			advertiserIds: [seed.advertisers.sandbox.id],
			user: { ...seed.users.sandbox },
			label: 'sandbox',
		});

		for (const adGroup of Object.values(seed.adGroups)) {
			this.addAdGroup({
				adgroupId: adGroup.id,
				advertiserId: adGroup.advertiserId,
				name: adGroup.name,
				reachAndFrequency: adGroup.reachAndFrequency,
			});
		}

		const emailDigests = (first: number, size: number): string[] =>
			Array.from({ length: size }, (_, offset) => sha256Hex(customerEmail(first + offset)));
		const { newsletter, recentBuyers, newsletterLookalike, otherAgencyRetargeting } =
			seed.audiences;
		const acmeUs = seed.advertisers.acmeShoesUs.id;
		for (const [spec, ownerId] of [
			[newsletter, acmeUs],
			[recentBuyers, acmeUs],
			[otherAgencyRetargeting, seed.advertisers.otherAgencyClient.id],
		] as const) {
			const audience = this.addAudience({
				audienceId: spec.id,
				advertiserId: ownerId,
				name: spec.name,
				calculateType: 'EMAIL_SHA256',
				members: emailDigests(spec.firstCustomer, spec.size),
			});
			this.addHistory(audience, 'CREATE', `Created from a customer file with ${spec.size} IDs`);
		}
		const lookalike = this.addAudience({
			audienceId: newsletterLookalike.id,
			advertiserId: acmeUs,
			name: newsletterLookalike.name,
			lookalikeSpec: {
				source_audience_id: newsletter.id,
				include_source: false,
				mobile_os: 'ALL',
				placements: ['TikTok'],
				location_ids: ['6252001'],
				audience_size: 'BALANCED',
			},
			lookalikeSize: newsletter.size * (LOOKALIKE_SIZE_FACTOR.BALANCED ?? 1),
		});
		this.addHistory(lookalike, 'CREATE', `Lookalike of ${newsletter.id}`);
	}
}
