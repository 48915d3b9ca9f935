import type { Environment } from './types';

export type FaultPhase = 'before' | 'after';

/**
 * What happens when a rule fires. `phase` 'before' (the default) acts before the request reaches
 * the world; 'after' lets the request take full effect and then loses or holds back the reply.
 */
export type FaultAction =
	/** Answer HTTP 200 with this TikTok code (and a TikTok-like message unless given). */
	| { kind: 'code'; code: number; message?: string }
	/** Answer with this HTTP status and a gateway page instead of TikTok's reply. */
	| { kind: 'httpStatus'; status: number; phase?: FaultPhase; body?: string }
	/** Reset the connection (TCP RST): the client sees ECONNRESET. */
	| { kind: 'reset'; phase?: FaultPhase }
	/** Close the connection without a byte of reply (TCP FIN): the client sees "other side closed". */
	| { kind: 'drop'; phase?: FaultPhase }
	/** Wait `ms`: 'before' delays the effect and the reply, 'after' only the reply. */
	| { kind: 'delay'; ms: number; phase?: FaultPhase };

export interface FaultMatch {
	/** Exact request path, '*' for every API path, or a prefix ending in '*'. */
	path: string;
	method?: string;
	environment?: Environment;
}

/**
 * When a rule fires, counted over the calls it matches: calls nth … nth+times-1 (nth defaults
 * to 1, times to 1 when nth is given, else to every call), or each call with a seeded probability.
 */
export interface FaultTiming {
	nth?: number;
	times?: number;
	probability?: number;
	seed?: number;
}

export type FaultRule = FaultMatch & FaultTiming & FaultAction;

export interface FaultRuleState {
	id: string;
	rule: FaultRule;
	/** Calls that matched path, method and environment. */
	matched: number;
	/** Calls on which the rule fired. */
	fired: number;
}

export interface FaultRequest {
	method: string;
	path: string;
	environment: Environment;
}

/** The faults to apply to one request: summed delays, then at most one terminal action. */
export interface FaultDecision {
	/** Wait before the request reaches the world. */
	delayBeforeMs: number;
	/** Wait after the request took effect, before the reply (or the terminal fault) goes out. */
	delayAfterMs: number;
	terminal?: Exclude<FaultAction, { kind: 'delay' }>;
	/** Labels of every fired rule, for the request record. */
	labels: string[];
}

/** TikTok-like messages for the retryable codes. */
export const FAULT_MESSAGES: Readonly<Record<number, string>> = {
	40100: 'Too many requests. The request rate of this app exceeds the limit; please retry later.',
	40133: "Advertiser's QPS reaches QPS limit, please retry later.",
	40014: 'This feature or endpoint is not supported in the sandbox environment.',
	50000: 'System error. Please try again later.',
	50002: 'Error occurred while processing. Please try again later.',
	51003: 'DMP service error. Please try again later.',
	60001: 'The system is under maintenance. Please try again later.',
	61000: 'Too many requests (TOO_MANY_REQUESTS_BL). Please retry later.',
};

export function faultMessage(code: number): string {
	return FAULT_MESSAGES[code] ?? `Injected error ${code}.`;
}

/** mulberry32: a small deterministic PRNG, so seeded probability rules replay exactly. */
function createRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = state;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

interface ActiveRule extends FaultRuleState {
	random?: () => number;
}

function pathMatches(pattern: string, path: string): boolean {
	if (pattern === '*') return true;
	if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
	return pattern === path;
}

function label(action: FaultAction): string {
	switch (action.kind) {
		case 'code':
			return `code:${action.code}`;
		case 'httpStatus':
			return `httpStatus:${action.status}:${action.phase ?? 'before'}`;
		case 'reset':
		case 'drop':
			return `${action.kind}:${action.phase ?? 'before'}`;
		case 'delay':
			// Before-phase delays keep the plain `delay:<ms>` label existing records use.
			return action.phase === 'after' ? `delay:${action.ms}:after` : `delay:${action.ms}`;
	}
}

function assertValid(rule: FaultRule): void {
	const problems: string[] = [];
	if (typeof rule.path !== 'string' || rule.path === '') problems.push('path is required');
	if (rule.probability !== undefined) {
		if (!(rule.probability >= 0 && rule.probability <= 1)) {
			problems.push('probability must be between 0 and 1');
		}
		if (rule.nth !== undefined || rule.times !== undefined) {
			problems.push('use either probability or nth/times, not both');
		}
	}
	if (rule.nth !== undefined && !(Number.isInteger(rule.nth) && rule.nth >= 1)) {
		problems.push('nth must be an integer >= 1');
	}
	if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 1)) {
		problems.push('times must be an integer >= 1');
	}
	switch (rule.kind) {
		case 'code':
			if (!Number.isInteger(rule.code)) problems.push('code must be an integer');
			break;
		case 'httpStatus':
			if (!(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) {
				problems.push('status must be an HTTP status code');
			}
			break;
		case 'delay':
			if (!(typeof rule.ms === 'number' && Number.isFinite(rule.ms) && rule.ms >= 0)) {
				problems.push('ms must be a number >= 0');
			}
			break;
		case 'reset':
		case 'drop':
			break;
		default:
			problems.push('kind must be code, httpStatus, reset, drop or delay');
	}
	if (rule.kind === 'code' && (rule as { phase?: unknown }).phase !== undefined) {
		problems.push('a code fault always answers instead of TikTok; it takes no phase');
	}
	if (
		rule.kind !== 'code' &&
		rule.phase !== undefined &&
		rule.phase !== 'before' &&
		rule.phase !== 'after'
	) {
		problems.push("phase must be 'before' or 'after'");
	}
	if (problems.length > 0) throw new Error(`Invalid fault rule: ${problems.join('; ')}`);
}

/** Holds the fault rules of one emulator instance and decides which fire. */
export class FaultController {
	private rules: ActiveRule[] = [];
	private nextRuleNumber = 1;

	/** Adds a rule; returns its id (for remove()). Throws on an invalid rule. */
	add(rule: FaultRule): string {
		assertValid(rule);
		const id = `fault-${this.nextRuleNumber++}`;
		this.rules.push({
			id,
			rule: { ...rule },
			matched: 0,
			fired: 0,
			random: rule.probability === undefined ? undefined : createRandom(rule.seed ?? 1),
		});
		return id;
	}

	remove(id: string): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((rule) => rule.id !== id);
		return this.rules.length !== before;
	}

	clear(): void {
		this.rules = [];
	}

	list(): FaultRuleState[] {
		return this.rules.map(({ id, rule, matched, fired }) => ({ id, rule, matched, fired }));
	}

	/** Counts this request against every matching rule and returns what fires. */
	evaluate(request: FaultRequest): FaultDecision {
		const decision: FaultDecision = { delayBeforeMs: 0, delayAfterMs: 0, labels: [] };
		for (const active of this.rules) {
			const { rule } = active;
			if (!pathMatches(rule.path, request.path)) continue;
			if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) continue;
			if (rule.environment !== undefined && rule.environment !== request.environment) continue;
			active.matched++;
			if (!this.fires(active)) continue;
			active.fired++;
			decision.labels.push(label(rule));
			if (rule.kind === 'delay') {
				if (rule.phase === 'after') decision.delayAfterMs += rule.ms;
				else decision.delayBeforeMs += rule.ms;
			} else if (decision.terminal === undefined) {
				decision.terminal = rule;
			}
		}
		return decision;
	}

	private fires(active: ActiveRule): boolean {
		const { rule } = active;
		if (active.random) return active.random() < (rule.probability ?? 0);
		if (rule.nth === undefined && rule.times === undefined) return true;
		const first = rule.nth ?? 1;
		const times = rule.times ?? 1;
		return active.matched >= first && active.matched < first + times;
	}
}
