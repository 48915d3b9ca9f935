import { invalidParameter } from '../errors';
import type { RouteContext, RouteReply } from './common';
import { ok, ownedAudienceParam, requireOwnedAudience, stringList, stringParam } from './common';

// Sharing: POST /dmp/custom_audience/share/ and share/cancel/, GET share/log/.

export function shareAudiences({ world, params, environment }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const owner = world.advertiser(advertiserId);
	const audiences = stringList(params, 'custom_audience_ids').map((audienceId, index) =>
		requireOwnedAudience(world, advertiserId, audienceId, `custom_audience_ids[${index}]`),
	);
	const targets = stringList(params, 'shared_advertiser_ids').map((targetId, index) => {
		const target = world.advertiser(targetId);
		const parameter = `shared_advertiser_ids[${index}]`;
		if (!target || target.environment !== environment) {
			throw invalidParameter(`${parameter}: advertiser ${targetId} does not exist`);
		}
		if (targetId === advertiserId) {
			throw invalidParameter(`${parameter}: an advertiser cannot share audiences with itself`);
		}
		if (target.businessCenterId !== owner?.businessCenterId) {
			throw invalidParameter(
				`${parameter}: advertiser ${targetId} is not in the same Business Center as advertiser ${advertiserId}`,
			);
		}
		return target;
	});
	for (const audience of audiences) {
		for (const target of targets) {
			audience.sharedWith.set(target.advertiserId, {
				advertiserId: target.advertiserId,
				status: 'SHARED',
				changedAt: world.now(),
			});
			world.addHistory(audience, 'SHARE', `Shared with advertiser ${target.advertiserId}`);
			world.counters.sharesAdded++;
		}
	}
	return ok();
}

export function cancelShare({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = ownedAudienceParam(world, params, advertiserId);
	const targetId = stringParam(params, 'shared_advertiser_id');
	const share = audience.sharedWith.get(targetId);
	if (!share || share.status !== 'SHARED') {
		throw invalidParameter(
			`shared_advertiser_id: audience ${audience.audienceId} is not shared with advertiser ${targetId}`,
		);
	}
	share.status = 'CANCELLED';
	share.changedAt = world.now();
	world.addHistory(audience, 'CANCEL_SHARE', `Stopped sharing with advertiser ${targetId}`);
	world.counters.sharesCancelled++;
	return ok();
}

export function shareLog({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = ownedAudienceParam(world, params, advertiserId);
	const list = [...audience.sharedWith.values()].map((share) => ({
		custom_audience_id: audience.audienceId,
		shared_advertiser_id: share.advertiserId,
		shared_advertiser_name: world.advertiser(share.advertiserId)?.name ?? '',
		status: share.status,
	}));
	return ok({ list });
}
