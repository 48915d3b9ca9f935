import { CALCULATE_TYPES } from '../customer-file';
import type { Audience, World } from '../world';
import { LOOKALIKE_SIZE_FACTOR, formatTikTokTime, sha256Hex } from '../world';

// POST /__emulator/audience: seeds one audience with a chosen name, age and size.

export interface SeededAudience {
	audienceId: string;
	/** TikTok's create_time of the audience. */
	createTime: string;
}

const MAX_SEEDED_MEMBERS = 1_000_000;

/**
 * `POST /__emulator/audience`: one audience with a chosen name and age, e.g. an older namesake
 * of an audience a client is about to create (TikTok does not keep names unique). Throws, adding
 * nothing, on bad input (the control API answers 400 with the message).
 */
export function seedAudience(world: World, input: Record<string, unknown>): SeededAudience {
	const {
		advertiserId,
		name,
		type = 'customerFile',
		createdSecondsAgo = 0,
		calculateType = 'EMAIL_SHA256',
		members,
		memberCount,
		sourceAudienceId,
		audienceSize = 'BALANCED',
		processing = false,
	} = input;
	if (typeof advertiserId !== 'string' || !world.advertiser(advertiserId)) {
		throw new Error('Send the "advertiserId" of a known advertiser');
	}
	if (typeof name !== 'string' || name === '') throw new Error('Send a non-empty "name"');
	if (type !== 'customerFile' && type !== 'lookalike') {
		throw new Error('"type" must be "customerFile" or "lookalike"');
	}
	if (!(typeof createdSecondsAgo === 'number' && createdSecondsAgo >= 0)) {
		throw new Error('"createdSecondsAgo" must be a number >= 0');
	}
	if (typeof processing !== 'boolean') throw new Error('"processing" must be a boolean');
	const createdAt = world.now() - Math.round(createdSecondsAgo * 1000);

	let audience: Audience;
	if (type === 'lookalike') {
		const source =
			typeof sourceAudienceId === 'string' ? world.audience(sourceAudienceId) : undefined;
		if (!source) throw new Error('A lookalike needs the "sourceAudienceId" of a known audience');
		const factor =
			typeof audienceSize === 'string' ? LOOKALIKE_SIZE_FACTOR[audienceSize] : undefined;
		if (factor === undefined) {
			throw new Error('"audienceSize" must be NARROW, BALANCED or BROAD');
		}
		audience = world.addAudience({
			advertiserId,
			name,
			createdAt,
			processing,
			lookalikeSpec: {
				source_audience_id: source.audienceId,
				include_source: false,
				mobile_os: 'ALL',
				placements: ['TikTok'],
				location_ids: ['6252001'],
				audience_size: audienceSize as string,
			},
			lookalikeSize: world.audienceSize(source) * factor,
		});
	} else {
		if (
			typeof calculateType !== 'string' ||
			!(CALCULATE_TYPES as readonly string[]).includes(calculateType)
		) {
			throw new Error(`"calculateType" must be one of ${CALCULATE_TYPES.join(', ')}`);
		}
		if (members !== undefined && memberCount !== undefined) {
			throw new Error('Send "members" or "memberCount", not both');
		}
		if (
			members !== undefined &&
			!(Array.isArray(members) && members.every((member) => typeof member === 'string'))
		) {
			throw new Error('"members" must be an array of digests');
		}
		if (
			memberCount !== undefined &&
			!(
				Number.isInteger(memberCount) &&
				(memberCount as number) >= 0 &&
				(memberCount as number) <= MAX_SEEDED_MEMBERS
			)
		) {
			throw new Error(`"memberCount" must be a whole number from 0 to ${MAX_SEEDED_MEMBERS}`);
		}
		audience = world.addAudience({
			advertiserId,
			name,
			createdAt,
			calculateType,
			members: members as string[] | undefined,
			processing,
		});
		// Synthetic digests tied to the audience ID, so two namesakes never share members.
		for (let index = 0; index < ((memberCount as number | undefined) ?? 0); index++) {
			audience.members.add(sha256Hex(`seeded-${audience.audienceId}-${index}@example.com`));
		}
	}
	world.addHistory(audience, 'CREATE', 'Seeded through the control API', '', createdAt);
	return { audienceId: audience.audienceId, createTime: formatTikTokTime(audience.createdAt) };
}
