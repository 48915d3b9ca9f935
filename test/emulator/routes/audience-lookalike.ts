import { invalidParameter } from '../errors';
import type { LookalikeSpec } from '../world';
import { LOOKALIKE_SIZE_FACTOR } from '../world';
import type { RouteContext, RouteReply } from './common';
import {
	isLookalike,
	ok,
	requireOwnedAudience,
	requireVisibleAudience,
	stringList,
	stringParam,
} from './common';

// Lookalikes: POST /dmp/custom_audience/lookalike/create/ and lookalike/update/ (refresh).

const MINIMUM_LOOKALIKE_SOURCE_SIZE = 100;

export function createLookalike({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const spec = params.lookalike_spec as LookalikeSpec;
	const source = requireVisibleAudience(
		world,
		advertiserId,
		spec.source_audience_id,
		'lookalike_spec.source_audience_id',
	);
	if (isLookalike(source)) {
		throw invalidParameter(
			`lookalike_spec.source_audience_id: audience ${source.audienceId} is a lookalike audience and cannot be a source`,
		);
	}
	// The seed must have 100 matched users (spec); while it is processing, only its last match counts.
	const sourceSize = world.coverNum(source);
	if (sourceSize < MINIMUM_LOOKALIKE_SOURCE_SIZE) {
		throw invalidParameter(
			`lookalike_spec.source_audience_id: the source audience has ${sourceSize} IDs; at least ${MINIMUM_LOOKALIKE_SOURCE_SIZE} are needed`,
		);
	}
	const factor = LOOKALIKE_SIZE_FACTOR[spec.audience_size] ?? 1;
	const audience = world.addAudience({
		advertiserId,
		name: stringParam(params, 'custom_audience_name'),
		lookalikeSpec: {
			source_audience_id: spec.source_audience_id,
			include_source: spec.include_source,
			mobile_os: spec.mobile_os,
			placements: [...spec.placements],
			location_ids: [...spec.location_ids],
			audience_size: spec.audience_size,
		},
		lookalikeSize: sourceSize * factor + (spec.include_source ? sourceSize : 0),
	});
	world.startMatching(audience, 0);
	world.addHistory(audience, 'CREATE', `Lookalike of audience ${source.audienceId}`);
	world.counters.lookalikesCreated++;
	return ok({ custom_audience_id: audience.audienceId });
}

export function refreshLookalikes({ world, params }: RouteContext): RouteReply {
	const advertiserId = stringParam(params, 'advertiser_id');
	const audiences = stringList(params, 'custom_audience_ids').map((audienceId, index) => {
		const parameter = `custom_audience_ids[${index}]`;
		const audience = requireOwnedAudience(world, advertiserId, audienceId, parameter);
		if (!isLookalike(audience)) {
			throw invalidParameter(`${parameter}: audience ${audienceId} is not a lookalike audience`);
		}
		if (world.isProcessing(audience)) {
			throw invalidParameter(
				`${parameter}: audience ${audienceId} is still being processed; try again when processing has finished`,
			);
		}
		return audience;
	});
	for (const audience of audiences) {
		world.startMatching(audience, world.audienceSize(audience));
		world.addHistory(audience, 'REFRESH', 'Lookalike audience refreshed');
		world.touchExpiry(audience);
		world.counters.lookalikesRefreshed++;
	}
	return ok();
}
