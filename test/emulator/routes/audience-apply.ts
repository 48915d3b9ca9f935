import { invalidParameter } from '../errors';
import type { Audience, UsageMode } from '../world';
import { formatTikTokTime } from '../world';
import type { RouteContext, RouteReply } from './common';
import {
	isLookalike,
	ok,
	optionalInteger,
	optionalString,
	paginate,
	requireOwnedAudience,
	requireVisibleAudience,
	stringList,
	stringParam,
} from './common';

// Ad groups: POST /dmp/custom_audience/apply/ (Apply, Disconnect) and GET apply/log/.

function checkSubTypeFits(audience: Audience, reachAndFrequency: boolean, parameter: string): void {
	if (reachAndFrequency && isLookalike(audience)) {
		throw invalidParameter(
			`${parameter}: a lookalike audience cannot be used in a Reach & Frequency ad group`,
		);
	}
	if (reachAndFrequency !== (audience.audienceSubType === 'REACH_FREQUENCY')) {
		throw invalidParameter(
			reachAndFrequency
				? `${parameter}: a Reach & Frequency ad group needs a REACH_FREQUENCY audience, and audience ${audience.audienceId} is ${audience.audienceSubType}`
				: `${parameter}: audience ${audience.audienceId} is REACH_FREQUENCY and can only be used in Reach & Frequency ad groups`,
		);
	}
}

export function applyAudience({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audience = requireVisibleAudience(
		world,
		advertiserId,
		stringParam(params, 'custom_audience_id'),
		'custom_audience_id',
	);
	const mode = stringParam(params, 'action_mode');
	const usageMode = optionalString(params, 'usage_mode') as UsageMode | undefined;
	if (mode === 'Apply' && usageMode === undefined) {
		throw invalidParameter('usage_mode: is required when action_mode is Apply');
	}
	const adGroups = stringList(params, 'adgroup_ids').map((adgroupId, index) => {
		const parameter = `adgroup_ids[${index}]`;
		const adGroup = world.adGroup(adgroupId);
		if (!adGroup || adGroup.advertiserId !== advertiserId) {
			throw invalidParameter(
				`${parameter}: ad group ${adgroupId} does not exist under advertiser ${advertiserId}`,
			);
		}
		if (mode === 'Apply') checkSubTypeFits(audience, adGroup.reachAndFrequency, parameter);
		return adGroup;
	});
	for (const adGroup of adGroups) {
		if (mode === 'Apply' && usageMode !== undefined) {
			adGroup.audiences.set(audience.audienceId, usageMode);
			world.applyLog.push({
				advertiserId,
				audience_id: audience.audienceId,
				adgroup_id: adGroup.adgroupId,
				adgroup_name: adGroup.name,
				usage_mode: usageMode,
				editor: 'open_api',
				action_timestamp: formatTikTokTime(world.now()),
			});
		} else {
			adGroup.audiences.delete(audience.audienceId);
		}
	}
	if (mode === 'Apply') world.touchExpiry(audience);
	world.counters.applyActions++;
	return ok();
}

export function applyLog({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audienceIds = new Set(
		stringList(params, 'custom_audience_ids').map(
			(audienceId, index) =>
				requireOwnedAudience(world, advertiserId, audienceId, `custom_audience_ids[${index}]`)
					.audienceId,
		),
	);
	const entries = world.applyLog
		.filter((entry) => entry.advertiserId === advertiserId && audienceIds.has(entry.audience_id))
		.reverse()
		.map((entry) => ({
			audience_id: entry.audience_id,
			adgroup_id: entry.adgroup_id,
			adgroup_name: entry.adgroup_name,
			usage_mode: entry.usage_mode,
			editor: entry.editor,
			action_timestamp: entry.action_timestamp,
		}));
	const page = optionalInteger(params, 'page') ?? 1;
	const pageSize = optionalInteger(params, 'page_size') ?? 10;
	return ok({ advertiser_id: advertiserId, ...paginate(entries, page, pageSize) });
}
