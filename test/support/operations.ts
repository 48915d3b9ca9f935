// What the integration tests of several operations share: the seeded ad accounts they act for,
// the requests the emulator received, the parameters and runs of operations, and error checks.
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_WORLD, type Emulator } from '../emulator';
import { assert } from './testing';
import {
	ADVERTISERS,
	AUDIENCES,
	audienceOperation,
	byId,
	FAST_RETRY,
	idFromItem,
	runTikTok,
	type TikTokRun,
} from './tiktok';

export const US = ADVERTISERS.acmeShoesUs.id;
export const EU = ADVERTISERS.acmeShoesEu.id;
/** Acme Outlet owns no seeded audiences: its list holds exactly the audiences a test adds. */
export const OUTLET = ADVERTISERS.acmeOutlet.id;
/** The ad accounts that authorized the app, as the production credential lists them. */
export const AUTHORIZED = DEFAULT_WORLD.authorizingAdvertiserIds;
export const AD_GROUPS = DEFAULT_WORLD.adGroups;
/** Two ad groups of US, as typed in Ad Group IDs. */
export const US_AD_GROUP_IDS = `${AD_GROUPS.usSpringSale.id}, ${AD_GROUPS.usRetargeting.id}`;
/** An audience ID that no advertiser owns. */
export const UNKNOWN_AUDIENCE = '7399999999999999999';

export const AUDIENCE_API = '/open_api/v1.3/dmp/custom_audience';
export const UPLOAD = `${AUDIENCE_API}/file/upload/`;

/** The requests the emulator received at `/open_api/v1.3<path>`. */
export function calls(emulator: Emulator, path: string) {
	return emulator.requests.filter((request) => request.path === `/open_api/v1.3${path}`);
}

/** The requests the emulator received at `/open_api/v1.3/dmp/custom_audience<path>`. */
export const audienceCalls = (emulator: Emulator, path: string) =>
	emulator.requests.filter((request) => request.path === `${AUDIENCE_API}${path}`);

/** The customer files the emulator received. */
export function uploads(emulator: Emulator) {
	return emulator.requests.filter((request) => request.path === UPLOAD);
}

/** An Audience operation on US's newsletter audience. */
export const audienceParameters = (operation: string, extra: IDataObject = {}) =>
	audienceOperation(operation, US, AUDIENCES.newsletter.id, extra);

/** Advertiser → Get of one ad account, with `options`. */
export const getAdvertiser = (advertiserId: string, options = {}) => ({
	resource: 'advertiser',
	operation: 'get',
	advertiserId: byId(advertiserId),
	options,
});

// Share takes 1-10 audiences × 1-10 advertisers per request (dmp_custom_audience_share.yml);
// Cancel Sharing one audience and one advertiser (dmp_custom_audience_share_cancel.yml).

/** One item per audience, each naming its audience and the ad accounts to share with. */
export function sharingRun(
	emulator: Emulator,
	operation: 'share' | 'cancelShare',
	items: Array<{ id: string; to: string }>,
	continueOnFail = false,
) {
	return runTikTok(
		emulator,
		{
			...audienceOperation(operation, US, ''),
			audienceId: idFromItem(),
			sharedAdvertiserIds: '={{ $json.to }}',
			options: FAST_RETRY,
		},
		{ items, continueOnFail },
	);
}

/** The IDs of `count` new audiences of US, named "Shared …". */
export const audienceIds = (emulator: Emulator, count: number) =>
	emulator.world.addAudiences(US, count, { namePrefix: 'Shared' }).map((a) => a.audienceId);

/** The run stopped with an n8n node error for this item, with advice. */
export function assertNodeError(
	run: TikTokRun,
	itemIndex: number,
	message: RegExp,
	advice: RegExp,
) {
	assert.ok(run.error, 'the run failed');
	assert.ok(
		run.error.name === 'NodeApiError' || run.error.name === 'NodeOperationError',
		`a node error, not ${run.error.name}`,
	);
	assert.match(run.error.message, message);
	assert.match(String(run.error.description), advice);
	assert.equal(run.error.context?.itemIndex, itemIndex);
}
