/** TikTok permission IDs carried by a token (FACTS §2.1). */
export const SCOPE = {
	readAdAccount: 100,
	readAudiences: 30,
	manageAudiences: 31,
	shareAudiences: 32,
} as const;

export const ALL_SCOPES: readonly number[] = [
	SCOPE.readAdAccount,
	SCOPE.readAudiences,
	SCOPE.manageAudiences,
	SCOPE.shareAudiences,
];

/**
 * The seeded world. IDs are 19-digit strings above Number.MAX_SAFE_INTEGER, so a client that
 * parses them as numbers corrupts them. Credentials are fake and only valid against the emulator.
 */
export const DEFAULT_WORLD = {
	app: {
		appId: '7301234567890123456',
		secret: 'emulator-app-secret',
	},
	businessCenters: {
		acmeGroup: { id: '7301456789012345601', name: 'Acme Group Business Center' },
		otherAgency: { id: '7301456789012345602', name: 'Other Agency Business Center' },
		sandbox: { id: '7301456789012345603', name: 'Sandbox Business Center' },
	},
	advertisers: {
		acmeShoesUs: { id: '7301987654321098761', name: 'Acme Shoes US' },
		acmeShoesEu: { id: '7301987654321098762', name: 'Acme Shoes EU' },
		acmeOutlet: { id: '7301987654321098763', name: 'Acme Outlet' },
		otherAgencyClient: { id: '7301987654321098764', name: 'Other Agency Client' },
		sandbox: { id: '7302111122223333444', name: 'Sandbox Ad Account' },
	},
	/** The advertisers an OAuth grant covers by default (Business Center A). */
	authorizingAdvertiserIds: ['7301987654321098761', '7301987654321098762', '7301987654321098763'],
	tokens: {
		/** Production; the three Business Center A advertisers; every scope. */
		production: 'emulator-production-token',
		/** Production; the same advertisers; only scope 100 (read ad account info). */
		readOnly: 'emulator-read-only-token',
		/** Production; revoked, answers 40102. */
		revoked: 'emulator-revoked-token',
		/** Production; the Business Center B advertiser; every scope. */
		otherAgency: 'emulator-other-agency-token',
		/** Sandbox; the sandbox advertiser; every scope. */
		sandbox: 'emulator-sandbox-token',
	},
	users: {
		production: {
			coreUserId: '7300111122223333001',
			displayName: 'Jordan Lee',
			email: 'jordan.lee@acme-shoes.example',
		},
		otherAgency: {
			coreUserId: '7300111122223333002',
			displayName: 'Sam Patel',
			email: 'sam.patel@other-agency.example',
		},
		sandbox: {
			coreUserId: '7300111122223333003',
			displayName: 'Sandbox Developer',
			email: 'developer@acme-shoes.example',
		},
	},
	audiences: {
		/** Acme Shoes US; EMAIL_SHA256; members are sha256 of customerEmail(0..1499). */
		newsletter: {
			id: '7318765432109876501',
			name: 'Newsletter subscribers',
			size: 1500,
			firstCustomer: 0,
		},
		/** Acme Shoes US; EMAIL_SHA256; sha256 of customerEmail(1000..2199), overlapping 500. */
		recentBuyers: {
			id: '7318765432109876502',
			name: 'Recent buyers',
			size: 1200,
			firstCustomer: 1000,
		},
		/** Acme Shoes US; lookalike of the newsletter audience. */
		newsletterLookalike: {
			id: '7318765432109876503',
			name: 'Newsletter lookalike US',
		},
		/** Other Agency Client (Business Center B); EMAIL_SHA256. */
		otherAgencyRetargeting: {
			id: '7318765432109876504',
			name: 'Other agency retargeting',
			size: 1100,
			firstCustomer: 5000,
		},
	},
	adGroups: {
		usSpringSale: {
			id: '1780123456789012301',
			advertiserId: '7301987654321098761',
			name: 'US - Spring sale - Broad',
			reachAndFrequency: false,
		},
		usRetargeting: {
			id: '1780123456789012302',
			advertiserId: '7301987654321098761',
			name: 'US - Retargeting',
			reachAndFrequency: false,
		},
		usReachFrequency: {
			id: '1780123456789012303',
			advertiserId: '7301987654321098761',
			name: 'US - Reach and Frequency',
			reachAndFrequency: true,
		},
		euProspecting: {
			id: '1780123456789012304',
			advertiserId: '7301987654321098762',
			name: 'EU - Prospecting',
			reachAndFrequency: false,
		},
		euRetargeting: {
			id: '1780123456789012305',
			advertiserId: '7301987654321098762',
			name: 'EU - Retargeting',
			reachAndFrequency: false,
		},
		outletClearance: {
			id: '1780123456789012306',
			advertiserId: '7301987654321098763',
			name: 'Outlet - Clearance',
			reachAndFrequency: false,
		},
		otherAgencyAlwaysOn: {
			id: '1780123456789012307',
			advertiserId: '7301987654321098764',
			name: 'Other client - Always on',
			reachAndFrequency: false,
		},
		sandboxTest: {
			id: '1780123456789012308',
			advertiserId: '7302111122223333444',
			name: 'Sandbox - Test ad group',
			reachAndFrequency: false,
		},
	},
} as const;

/** The customer e-mail whose SHA-256 digest is a seeded audience member. */
export function customerEmail(index: number): string {
	return `customer${index}@acme-shoes.example`;
}

/** Per-advertiser profile fields of the seeded advertisers (FACTS §4.2). */
export const ADVERTISER_PROFILES: Readonly<
	Record<
		keyof typeof DEFAULT_WORLD.advertisers,
		Readonly<Record<string, string | number | boolean>>
	>
> = {
	acmeShoesUs: {
		company: 'Acme Footwear Inc.',
		currency: 'USD',
		timezone: 'America/Los_Angeles',
		display_timezone: 'America/Los_Angeles',
		country: 'US',
		language: 'en',
		email: 'j***@acme-shoes.example',
		contacter: 'J***n L**',
		telephone_number: '+1 415***0101',
		cellphone_number: '+1 415***0102',
		address: '100 Market Street, San Francisco, CA 94105',
		industry: '291905',
		license_no: 'US-CA-20190412-1187',
		license_url: 'https://business-api.tiktok.com/license/acme-shoes-us.png',
		description: 'Running and lifestyle shoes for the US market',
		balance: 12500.75,
		create_time: 1618232400,
	},
	acmeShoesEu: {
		company: 'Acme Footwear Europe B.V.',
		currency: 'EUR',
		timezone: 'Europe/Amsterdam',
		display_timezone: 'Europe/Amsterdam',
		country: 'NL',
		language: 'en',
		email: 'e***@acme-shoes.example',
		contacter: 'E**a d* V***s',
		telephone_number: '+31 20***0201',
		cellphone_number: '+31 6***0202',
		address: 'Herengracht 100, 1015 BS Amsterdam',
		industry: '291905',
		license_no: 'NL-KVK-81234567',
		license_url: 'https://business-api.tiktok.com/license/acme-shoes-eu.png',
		description: 'Running and lifestyle shoes for the EU market',
		balance: 8300,
		create_time: 1625097600,
	},
	acmeOutlet: {
		company: 'Acme Footwear Inc.',
		currency: 'USD',
		timezone: 'America/New_York',
		display_timezone: 'America/New_York',
		country: 'US',
		language: 'en',
		email: 'o***@acme-shoes.example',
		contacter: 'M***a G*****z',
		telephone_number: '+1 212***0301',
		cellphone_number: '+1 212***0302',
		address: '200 Broadway, New York, NY 10038',
		industry: '291905',
		license_no: 'US-NY-20200115-5521',
		license_url: 'https://business-api.tiktok.com/license/acme-outlet.png',
		description: 'Clearance and outlet sales',
		balance: 450.2,
		create_time: 1643673600,
	},
	otherAgencyClient: {
		company: 'Northwind Traders Ltd.',
		currency: 'GBP',
		timezone: 'Europe/London',
		display_timezone: 'Europe/London',
		country: 'GB',
		language: 'en',
		email: 'a***@other-agency.example',
		contacter: 'A**x B****n',
		telephone_number: '+44 20***0401',
		cellphone_number: '+44 7***0402',
		address: '1 Canada Square, London E14 5AB',
		industry: '290102',
		license_no: 'GB-CH-09876543',
		license_url: 'https://business-api.tiktok.com/license/other-agency-client.png',
		description: 'Managed by another agency',
		balance: 2200,
		create_time: 1651363200,
	},
	sandbox: {
		company: 'Acme Footwear Inc.',
		currency: 'USD',
		timezone: 'Etc/GMT',
		display_timezone: 'Etc/GMT',
		country: 'US',
		language: 'en',
		email: 'd***@acme-shoes.example',
		contacter: 'S******x D*******r',
		telephone_number: '',
		cellphone_number: '',
		address: '',
		industry: '291905',
		license_no: '',
		license_url: '',
		description: 'Sandbox ad account of the developer app',
		balance: 0,
		create_time: 1672531200,
	},
};
