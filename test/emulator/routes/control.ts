import type { FaultRule } from '../faults';
import type { TikTokEmulator } from '../server';
import type { WorldSettings } from '../world';
import type { ParsedRequest } from './common';
import { seedAudience } from './control-audience';

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
			try {
				return {
					status: 200,
					body: seedAudience(emulator.world, input as Record<string, unknown>),
				};
			} catch (error) {
				return failure(400, error instanceof Error ? error.message : String(error));
			}
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
