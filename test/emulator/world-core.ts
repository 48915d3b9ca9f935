import type { WorldCounters, WorldOptions, WorldSeed, WorldSettings } from './world-model';
import { DEFAULT_FILE_SIZE_LIMIT_BYTES } from './world-model';

// The World is one class built in layers, one concern each: this core (settings, clock, IDs,
// counters), then world-access.ts (app, advertisers, tokens, OAuth codes), world-ad-groups.ts,
// world-audiences.ts (files, audiences, matching), and world.ts (reset, seed, summary).

const ID_BASE = {
	advertiser: 7303000000000000000n,
	audience: 7320000000000000000n,
	adGroup: 1790000000000000000n,
	user: 7300222200000000000n,
} as const;

function assertSettings(settings: WorldSettings): void {
	const problems: string[] = [];
	const { minimumAudienceSize, matchingDelayMs, fileSizeLimitBytes } = settings;
	if (!(Number.isInteger(minimumAudienceSize) && minimumAudienceSize >= 0)) {
		problems.push('minimumAudienceSize must be an integer >= 0');
	}
	if (!(Number.isInteger(matchingDelayMs) && matchingDelayMs >= 0)) {
		problems.push('matchingDelayMs must be an integer >= 0');
	}
	if (!(Number.isInteger(fileSizeLimitBytes) && fileSizeLimitBytes >= 1)) {
		problems.push('fileSizeLimitBytes must be an integer >= 1');
	}
	if (problems.length > 0) throw new Error(`Invalid settings: ${problems.join('; ')}`);
}

function zeroCounters(): WorldCounters {
	return {
		authCodesIssued: 0,
		tokensIssued: 0,
		filesUploaded: 0,
		audiencesCreated: 0,
		lookalikesCreated: 0,
		audiencesUpdated: 0,
		audiencesDeleted: 0,
		lookalikesRefreshed: 0,
		sharesAdded: 0,
		sharesCancelled: 0,
		applyActions: 0,
	};
}

/** Settings, the emulator clock, ID generation and the effect counters. */
export abstract class WorldCore {
	readonly seed: WorldSeed;
	minimumAudienceSize: number;
	matchingDelayMs: number;
	fileSizeLimitBytes: number;
	counters: WorldCounters = zeroCounters();
	private readonly initialSettings: WorldSettings;

	private clockOffsetMs = 0;
	private sequence = 0;
	private idCounters = new Map<string, bigint>();

	/** Sets the start-up settings only; the World's constructor fills the state (reset()). */
	constructor(options: WorldOptions = {}) {
		this.seed = options.seed ?? 'default';
		this.initialSettings = {
			minimumAudienceSize: options.minimumAudienceSize ?? 1000,
			matchingDelayMs: options.matchingDelayMs ?? 0,
			fileSizeLimitBytes: options.fileSizeLimitBytes ?? DEFAULT_FILE_SIZE_LIMIT_BYTES,
		};
		assertSettings(this.initialSettings);
		this.minimumAudienceSize = this.initialSettings.minimumAudienceSize;
		this.matchingDelayMs = this.initialSettings.matchingDelayMs;
		this.fileSizeLimitBytes = this.initialSettings.fileSizeLimitBytes;
	}

	get settings(): WorldSettings {
		return {
			minimumAudienceSize: this.minimumAudienceSize,
			matchingDelayMs: this.matchingDelayMs,
			fileSizeLimitBytes: this.fileSizeLimitBytes,
		};
	}

	/** Changes some settings; throws (changing nothing) on an invalid value. */
	updateSettings(changes: Partial<WorldSettings>): WorldSettings {
		const next = { ...this.settings, ...changes };
		assertSettings(next);
		this.minimumAudienceSize = next.minimumAudienceSize;
		this.matchingDelayMs = next.matchingDelayMs;
		this.fileSizeLimitBytes = next.fileSizeLimitBytes;
		return next;
	}

	/**
	 * Empties the state and restores the start-up settings, clock, IDs and counters. Each layer
	 * clears its own state and calls this; World.reset() then seeds.
	 */
	protected clearState(): void {
		this.minimumAudienceSize = this.initialSettings.minimumAudienceSize;
		this.matchingDelayMs = this.initialSettings.matchingDelayMs;
		this.fileSizeLimitBytes = this.initialSettings.fileSizeLimitBytes;
		this.clockOffsetMs = 0;
		this.sequence = 0;
		this.idCounters = new Map();
		this.counters = zeroCounters();
	}

	// -- clock ----------------------------------------------------------------------------------

	/** The emulator's clock (real time plus any advanceClock offset), in epoch ms. */
	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	/** Moves the clock forward, e.g. to expire an authorization code. */
	advanceClock(ms: number): void {
		this.clockOffsetMs += ms;
	}

	// -- IDs ------------------------------------------------------------------------------------

	protected nextId(kind: keyof typeof ID_BASE): string {
		const next = (this.idCounters.get(kind) ?? 0n) + 1n;
		this.idCounters.set(kind, next);
		return (ID_BASE[kind] + next).toString();
	}

	protected nextSequence(): number {
		return ++this.sequence;
	}
}
