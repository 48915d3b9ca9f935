// A real n8n loads the built package as a community package and runs workflows from its CLI
// (`n8n import:credentials`, `n8n import:workflow`, `n8n execute`) against the emulator.
import { createHash } from 'node:crypto';

import { after, assert, before, describe, it } from '../support/testing';
import {
	accessTokensUsed,
	ADVERTISERS,
	byId,
	chainWorkflow,
	E2eInstance,
	manualTrigger,
	nodeOutput,
	NODE_TYPE,
	PRODUCTION,
	SANDBOX,
	SETUP_TIMEOUT_MS,
	setJson,
	SKIP_E2E,
	splitOut,
	TEST_TIMEOUT_MS,
	tikTokNode,
	TOKENS,
	TOOL_NODE_TYPE,
	type StoredCredential,
} from './support';
import { E2E_VERSIONS } from '../n8n/install';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const CONTACTS = [
	{ name: 'Ada', email: '  Ada.Lovelace@Example.com ' },
	{ name: 'Grace', email: 'grace@example.org' },
	{ name: 'Linus', email: 'LINUS@EXAMPLE.NET' },
	{ name: 'Margaret', email: 'margaret@example.com' },
	{ name: 'Alan', email: 'alan@example.co.uk' },
	{ name: 'Nobody', email: 'not-an-email' },
];
const VALID_DIGESTS = CONTACTS.slice(0, 5).map((contact) =>
	sha256(contact.email.trim().toLowerCase()),
);
const AUDIENCE_NAME = 'E2E CRM contacts';

// Once per supported n8n (test/n8n/install.ts E2E_VERSIONS): each suite installs and runs its own.
for (const target of E2E_VERSIONS) {
	describe(
		`n8n ${target.n8nVersion} runs the installed package from its CLI`,
		{ skip: SKIP_E2E },
		() => {
			let instance: E2eInstance;
			let sandbox: StoredCredential;
			let productionWrapped: StoredCredential;
			let productionFlat: StoredCredential;

			before(
				async () => {
					instance = await E2eInstance.create(`cli-${target.n8nVersion}`, target);
					const { emulator } = instance;
					sandbox = {
						id: 'e2eSandboxCred01',
						name: 'TikTok sandbox (e2e)',
						type: SANDBOX,
						data: {
							accessToken: TOKENS.sandbox,
							advertiserId: ADVERTISERS.sandbox.id,
							baseUrl: emulator.sandboxUrl,
						},
					};
					// What n8n stores after the OAuth2 exchange, in TikTok's enveloped reply shape...
					productionWrapped = {
						id: 'e2eProdWrapped01',
						name: 'TikTok production, wrapped token (e2e)',
						type: PRODUCTION,
						data: {
							clientId: emulator.world.app.appId,
							clientSecret: emulator.world.app.secret,
							baseUrl: emulator.url,
							oauthTokenData: {
								code: 0,
								message: 'OK',
								request_id: '202611250000000000000000000001',
								data: {
									access_token: TOKENS.production,
									advertiser_ids: [ADVERTISERS.acmeShoesUs.id],
									scope: [100, 30, 31, 32],
								},
							},
						},
					};
					// ...and in the flat OAuth shape, with the other agency's token.
					productionFlat = {
						id: 'e2eProdFlat00001',
						name: 'TikTok production, flat token (e2e)',
						type: PRODUCTION,
						data: {
							clientId: emulator.world.app.appId,
							clientSecret: emulator.world.app.secret,
							baseUrl: `${emulator.url}/`,
							oauthTokenData: {
								access_token: TOKENS.otherAgency,
								token_type: 'bearer',
								advertiser_ids: [ADVERTISERS.otherAgencyClient.id],
								scope: [100, 30, 31, 32],
							},
						},
					};
					await instance.importCredentials([sandbox, productionWrapped, productionFlat]);
					await instance.importWorkflows([
						chainWorkflow('e2eSandboxAdvList', 'E2E sandbox: Advertiser Get Many', [
							manualTrigger(),
							tikTokNode(
								'List Advertisers',
								sandbox,
								{ resource: 'advertiser', operation: 'getAll', returnAll: true },
								[220, 0],
							),
						]),
						chainWorkflow('e2eProdAdvertiserGet', 'E2E production: Advertiser Get', [
							manualTrigger(),
							tikTokNode(
								'Get Advertiser',
								productionWrapped,
								{
									resource: 'advertiser',
									operation: 'get',
									advertiserId: byId(ADVERTISERS.acmeShoesUs.id),
								},
								[220, 0],
							),
						]),
						chainWorkflow('e2eProdAudienceSync', 'E2E production: audience from items', [
							manualTrigger(),
							setJson('Contacts', { contacts: CONTACTS }, [220, 0]),
							splitOut('One Item per Contact', 'contacts', [440, 0]),
							tikTokNode(
								'Create Audience',
								productionFlat,
								{
									resource: 'audience',
									operation: 'create',
									advertiserId: byId(ADVERTISERS.otherAgencyClient.id),
									audienceName: AUDIENCE_NAME,
									source: 'items',
									identifierFields: { emailField: 'email' },
								},
								[660, 0],
							),
							tikTokNode(
								'List Audiences',
								productionFlat,
								{
									resource: 'audience',
									operation: 'getAll',
									advertiserId: byId(ADVERTISERS.otherAgencyClient.id),
									returnAll: true,
								},
								[880, 0],
							),
						]),
					]);
				},
				{ timeout: SETUP_TIMEOUT_MS },
			);

			after(async () => await instance?.close());

			it(
				'loads the node and its AI tool variant (n8n export:nodes)',
				{ timeout: TEST_TIMEOUT_MS },
				async () => {
					const nodes = await instance.exportNodes();
					const names = nodes.map((node) => node.name);
					assert.ok(
						names.includes(NODE_TYPE),
						`${NODE_TYPE} is not among n8n's ${names.length} nodes`,
					);
					assert.ok(names.includes(TOOL_NODE_TYPE), `${TOOL_NODE_TYPE} is missing`);
					const node = nodes.find((candidate) => candidate.name === NODE_TYPE);
					assert.equal(node?.displayName, 'TikTok for Business');
					assert.deepEqual((node?.credentials ?? []).map((credential) => credential.name).sort(), [
						PRODUCTION,
						SANDBOX,
					]);
				},
			);

			it(
				'sandbox credential: Advertiser Get Many returns the sandbox ad account',
				{ timeout: TEST_TIMEOUT_MS },
				async () => {
					const { result, requests } = await instance.executeOk('e2eSandboxAdvList');
					const advertisers = nodeOutput(result, 'List Advertisers');
					assert.deepEqual(
						advertisers.map((advertiser) => advertiser.advertiser_id),
						[ADVERTISERS.sandbox.id],
					);
					assert.ok(requests.length > 0, 'n8n sent no request to the emulator');
					assert.ok(
						requests.every((request) => request.environment === 'sandbox'),
						'every request went to the sandbox host',
					);
					assert.deepEqual(new Set(accessTokensUsed(requests)), new Set([TOKENS.sandbox]));
				},
			);

			it(
				'production credential (wrapped token data): Advertiser Get returns the ad account',
				{ timeout: TEST_TIMEOUT_MS },
				async () => {
					const { result, requests } = await instance.executeOk('e2eProdAdvertiserGet');
					const [advertiser, ...rest] = nodeOutput(result, 'Get Advertiser');
					assert.equal(rest.length, 0);
					assert.equal(advertiser.advertiser_id, ADVERTISERS.acmeShoesUs.id);
					assert.equal(advertiser.name, ADVERTISERS.acmeShoesUs.name);
					const info = requests.filter(
						(request) => request.path === '/open_api/v1.3/advertiser/info/',
					);
					assert.equal(info.length, 1);
					assert.equal(info[0].environment, 'production');
					assert.equal(info[0].headers['access-token'], TOKENS.production);
					assert.equal(info[0].response?.code, 0);
				},
			);

			it(
				'production credential (flat token data): an audience built from items, then listed',
				{ timeout: TEST_TIMEOUT_MS },
				async () => {
					const { emulator } = instance;
					const { result, requests } = await instance.executeOk('e2eProdAudienceSync');

					assert.equal(nodeOutput(result, 'One Item per Contact').length, CONTACTS.length);
					const [created, ...more] = nodeOutput(result, 'Create Audience');
					assert.equal(more.length, 0, 'all items feed one audience');
					assert.equal(created.rowsReceived, CONTACTS.length);
					assert.equal(created.rowsUploaded, VALID_DIGESTS.length);
					assert.equal(created.rowsDropped, 1);
					const audienceId = String(created.audienceId);

					// The emulator's state: the audience exists with exactly the normalised, hashed e-mails.
					const audience = emulator.world.audience(audienceId);
					assert.ok(audience, `the emulator has no audience ${audienceId}`);
					assert.equal(audience.name, AUDIENCE_NAME);
					assert.equal(audience.ownerId, ADVERTISERS.otherAgencyClient.id);
					assert.equal(audience.members.size, VALID_DIGESTS.length);
					assert.deepEqual(audience.members, new Set(VALID_DIGESTS));

					const listed = nodeOutput(result, 'List Audiences');
					const mine = listed.find((entry) => entry.audience_id === audienceId);
					assert.ok(mine, 'Get Many lists the new audience');
					assert.equal(mine.name, AUDIENCE_NAME);

					const paths = requests.map((request) => request.path);
					for (const path of [
						'/open_api/v1.3/dmp/custom_audience/file/upload/',
						'/open_api/v1.3/dmp/custom_audience/create/',
						'/open_api/v1.3/dmp/custom_audience/list/',
					]) {
						assert.ok(paths.includes(path), `no request to ${path}`);
					}
					assert.deepEqual(new Set(accessTokensUsed(requests)), new Set([TOKENS.otherAgency]));
					assert.ok(
						requests.every((request) => request.response?.code === 0),
						'every TikTok reply was a success',
					);
				},
			);
		},
	);
}
