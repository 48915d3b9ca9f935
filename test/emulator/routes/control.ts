import { CALCULATE_TYPES } from '../customer-file';
import type { FaultRule } from '../faults';
import type { TikTokEmulator } from '../server';
import type { Audience, World, WorldSettings } from '../world';
import { LOOKALIKE_SIZE_FACTOR, formatTikTokTime, sha256Hex } from '../world';
import type { ParsedRequest } from './common';

/** Control API for a standalone emulator; production listener only, never faulted or recorded. */
export const CONTROL_PREFIX = '/__emulator/';

export interface ControlReply {
	status: number;
	body: unknown;
}

function jsonBody(request: ParsedRequest): unknown {
	return request.body.kind === 'json' ? request.body.value : undefined;
}

function failure(status: number, error: string): ControlReply {
	return { status, body: { error } };
}

const MAX_SEEDED_MEMBERS = 1_000_000;

/**
 * `POST /__emulator/audience`: one audience with a chosen name and age, e.g. an older namesake
 * of an audience a client is about to create (TikTok does not keep names unique).
 */
function seedAudience(world: World, input: Record<string, unknown>): ControlReply {
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
		return failure(400, 'Send the "advertiserId" of a known advertiser');
	}
	if (typeof name !== 'string' || name === '') return failure(400, 'Send a non-empty "name"');
	if (type !== 'customerFile' && type !== 'lookalike') {
		return failure(400, '"type" must be "customerFile" or "lookalike"');
	}
	if (!(typeof createdSecondsAgo === 'number' && createdSecondsAgo >= 0)) {
		return failure(400, '"createdSecondsAgo" must be a number >= 0');
	}
	if (typeof processing !== 'boolean') return failure(400, '"processing" must be a boolean');
	const createdAt = world.now() - Math.round(createdSecondsAgo * 1000);

	let audience: Audience;
	if (type === 'lookalike') {
		const source =
			typeof sourceAudienceId === 'string' ? world.audience(sourceAudienceId) : undefined;
		if (!source)
			return failure(400, 'A lookalike needs the "sourceAudienceId" of a known audience');
		const factor =
			typeof audienceSize === 'string' ? LOOKALIKE_SIZE_FACTOR[audienceSize] : undefined;
		if (factor === undefined) {
			return failure(400, '"audienceSize" must be NARROW, BALANCED or BROAD');
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
			return failure(400, `"calculateType" must be one of ${CALCULATE_TYPES.join(', ')}`);
		}
		if (members !== undefined && memberCount !== undefined) {
			return failure(400, 'Send "members" or "memberCount", not both');
		}
		if (
			members !== undefined &&
			!(Array.isArray(members) && members.every((member) => typeof member === 'string'))
		) {
			return failure(400, '"members" must be an array of digests');
		}
		if (
			memberCount !== undefined &&
			!(
				Number.isInteger(memberCount) &&
				(memberCount as number) >= 0 &&
				(memberCount as number) <= MAX_SEEDED_MEMBERS
			)
		) {
			return failure(400, `"memberCount" must be a whole number from 0 to ${MAX_SEEDED_MEMBERS}`);
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
	return {
		status: 200,
		body: { audienceId: audience.audienceId, createTime: formatTikTokTime(audience.createdAt) },
	};
}

const SETTING_NAMES: ReadonlyArray<keyof WorldSettings> = [
	'minimumAudienceSize',
	'matchingDelayMs',
	'fileSizeLimitBytes',
];

export function handleControlRequest(
	emulator: TikTokEmulator,
	request: ParsedRequest,
): ControlReply {
	const name = request.path.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
	const route = `${request.method} ${name}`;
	switch (route) {
		case 'GET state':
			return {
				status: 200,
				body: {
					url: emulator.url,
					sandboxUrl: emulator.sandboxUrl,
					tokenReplyShape: emulator.currentTokenReplyShape,
					requestCount: emulator.requests.length,
					faults: emulator.faults.list(),
					...emulator.world.summary(),
				},
			};
		case 'GET requests':
			return { status: 200, body: emulator.requests };
		case 'GET faults':
			return { status: 200, body: emulator.faults.list() };
		case 'POST faults': {
			const rule = jsonBody(request);
			if (typeof rule !== 'object' || rule === null) {
				return failure(400, 'Send the fault rule as a JSON object');
			}
			try {
				return { status: 200, body: { id: emulator.faults.add(rule as FaultRule) } };
			} catch (error) {
				return failure(400, error instanceof Error ? error.message : String(error));
			}
		}
		case 'DELETE faults':
			emulator.faults.clear();
			return { status: 200, body: { cleared: true } };
		case 'POST reset':
			emulator.reset();
			return { status: 200, body: { reset: true } };
		case 'POST audiences': {
			const { advertiserId, count, namePrefix } = (jsonBody(request) ?? {}) as {
				advertiserId?: unknown;
				count?: unknown;
				namePrefix?: unknown;
			};
			if (typeof advertiserId !== 'string' || !emulator.world.advertiser(advertiserId)) {
				return failure(400, 'Send the "advertiserId" of a known advertiser');
			}
			if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 100_000) {
				return failure(400, 'Send "count" as a whole number from 1 to 100000');
			}
			if (namePrefix !== undefined && typeof namePrefix !== 'string') {
				return failure(400, '"namePrefix" must be a string');
			}
			const created = emulator.world.addAudiences(advertiserId, count as number, { namePrefix });
			return { status: 200, body: { created: created.length } };
		}
		case 'POST ad-groups': {
			const { advertiserId, count } = (jsonBody(request) ?? {}) as {
				advertiserId?: unknown;
				count?: unknown;
			};
			if (typeof advertiserId !== 'string' || !emulator.world.advertiser(advertiserId)) {
				return failure(400, 'Send the "advertiserId" of a known advertiser');
			}
			if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 100_000) {
				return failure(400, 'Send "count" as a whole number from 1 to 100000');
			}
			const adGroupIds = Array.from(
				{ length: count as number },
				(_, index) =>
					emulator.world.addAdGroup({ advertiserId, name: `Bulk ad group ${index + 1}` }).adgroupId,
			);
			return { status: 200, body: { adGroupIds } };
		}
		case 'POST audience': {
			const input = jsonBody(request);
			if (typeof input !== 'object' || input === null || Array.isArray(input)) {
				return failure(400, 'Send the audience as a JSON object');
			}
			return seedAudience(emulator.world, input as Record<string, unknown>);
		}
		case 'POST settings': {
			const input = jsonBody(request);
			if (typeof input !== 'object' || input === null || Array.isArray(input)) {
				return failure(400, `Send a JSON object with any of ${SETTING_NAMES.join(', ')}`);
			}
			const unknown = Object.keys(input).filter(
				(name) => !(SETTING_NAMES as readonly string[]).includes(name),
			);
			if (unknown.length > 0) return failure(400, `Unknown setting ${unknown.join(', ')}`);
			try {
				return {
					status: 200,
					body: emulator.world.updateSettings(input as Partial<WorldSettings>),
				};
			} catch (error) {
				return failure(400, error instanceof Error ? error.message : String(error));
			}
		}
		case 'POST finish-matching': {
			const { audienceId } = (jsonBody(request) ?? {}) as { audienceId?: unknown };
			if (audienceId !== undefined) {
				if (typeof audienceId !== 'string' || !emulator.world.audience(audienceId)) {
					return failure(400, '"audienceId" must name a known audience (or leave it out for all)');
				}
			}
			return { status: 200, body: { finished: emulator.world.finishMatching(audienceId) } };
		}
		case 'POST token-reply-shape': {
			const shape = (jsonBody(request) as { shape?: unknown } | undefined)?.shape;
			if (shape !== 'flat' && shape !== 'wrapped') {
				return failure(400, 'Send {"shape":"flat"} or {"shape":"wrapped"}');
			}
			emulator.setTokenReplyShape(shape);
			return { status: 200, body: { shape } };
		}
	}
	const faultId = /^DELETE faults\/(.+)$/.exec(route)?.[1];
	if (faultId !== undefined) {
		return emulator.faults.remove(faultId)
			? { status: 200, body: { removed: faultId } }
			: failure(404, `No fault rule ${faultId}`);
	}
	return failure(404, `Unknown control endpoint ${request.method} ${request.path}`);
}
