import { createHash } from 'node:crypto';

import { canonicalCalculateType } from './customer-file';
import { WorldAdGroups } from './world-ad-groups';
import type { AddAudienceInput, AddAudiencesOptions, Audience, StoredFile } from './world-model';
import { AUDIENCE_TYPE, formatTikTokTime, sha256Hex } from './world-model';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RETENTION_DAYS = 365;
const EXPIRING_WINDOW_MS = 60 * DAY_MS;

/** Uploaded customer files and audiences: members, visibility, matching, expiry and history. */
export abstract class WorldAudiences extends WorldAdGroups {
	private readonly fileMap = new Map<string, StoredFile>();
	protected readonly audienceMap = new Map<string, Audience>();

	protected override clearState(): void {
		super.clearState();
		this.fileMap.clear();
		this.audienceMap.clear();
	}

	// -- files ----------------------------------------------------------------------------------

	get files(): StoredFile[] {
		return [...this.fileMap.values()];
	}

	file(filePath: string): StoredFile | undefined {
		return this.fileMap.get(filePath);
	}

	addFile(input: Omit<StoredFile, 'filePath' | 'uploadedAt'>): StoredFile {
		// The create spec declares file paths as exactly 16 characters.
		const filePath = createHash('md5')
			.update(`${this.nextSequence()}:${input.advertiserId}:${input.md5}`)
			.digest('hex')
			.slice(0, 16);
		const file: StoredFile = { ...input, filePath, uploadedAt: this.now() };
		this.fileMap.set(filePath, file);
		return file;
	}

	// -- audiences ------------------------------------------------------------------------------

	audience(audienceId: string): Audience | undefined {
		return this.audienceMap.get(audienceId);
	}

	/** Audiences owned by an advertiser (all audiences without one), oldest first. */
	audiences(advertiserId?: string): Audience[] {
		const all = [...this.audienceMap.values()];
		return advertiserId === undefined
			? all
			: all.filter((audience) => audience.ownerId === advertiserId);
	}

	isSharedWith(audience: Audience, advertiserId: string): boolean {
		return audience.sharedWith.get(advertiserId)?.status === 'SHARED';
	}

	/** Owned and shared-with audiences, newest first (by create_time, then creation order). */
	visibleAudiences(advertiserId: string): Audience[] {
		const visible: Audience[] = [];
		for (const audience of this.audienceMap.values()) {
			if (audience.ownerId === advertiserId || this.isSharedWith(audience, advertiserId)) {
				visible.push(audience);
			}
		}
		// Creation order is create_time order unless a test seeded an older audience late; sort only
		// then, so paging through 100,000 bulk audiences stays linear.
		const inOrder = visible.every(
			(audience, index) => index === 0 || visible[index - 1].createdAt <= audience.createdAt,
		);
		return inOrder
			? visible.reverse()
			: visible.sort(
					(left, right) => right.createdAt - left.createdAt || right.sequence - left.sequence,
				);
	}

	/** Member count: the digest count, or a lookalike's estimated size. */
	audienceSize(audience: Audience): number {
		return audience.lookalikeSize ?? audience.members.size;
	}

	isProcessing(audience: Audience): boolean {
		return audience.matchingUntil !== undefined && this.now() < audience.matchingUntil;
	}

	/** What TikTok reports as matched (`cover_num`): the last finished size while processing. */
	coverNum(audience: Audience): number {
		return this.isProcessing(audience) ? audience.matchedSize : this.audienceSize(audience);
	}

	/** Usable for delivery: matched, with at least minimumAudienceSize matches. */
	isValid(audience: Audience): boolean {
		return !this.isProcessing(audience) && this.audienceSize(audience) >= this.minimumAudienceSize;
	}

	/**
	 * Starts matching after a create or a member change, for matchingDelayMs on the emulator
	 * clock. `previousSize` is what cover_num keeps showing meanwhile.
	 */
	startMatching(audience: Audience, previousSize: number): void {
		if (this.matchingDelayMs <= 0) return;
		audience.matchedSize = previousSize;
		audience.matchingUntil = this.now() + this.matchingDelayMs;
	}

	/** Holds an audience processing until finishMatching() ends it, whatever matchingDelayMs is. */
	startProcessingIndefinitely(audience: Audience): void {
		audience.matchedSize = 0;
		audience.matchingUntil = Number.POSITIVE_INFINITY;
	}

	/** Ends matching for one audience, or for all; returns how many were still processing. */
	finishMatching(audienceId?: string): number {
		let finished = 0;
		for (const audience of this.audienceMap.values()) {
			if (audienceId !== undefined && audience.audienceId !== audienceId) continue;
			if (this.isProcessing(audience)) finished++;
			audience.matchingUntil = undefined;
			audience.matchedSize = this.audienceSize(audience);
		}
		return finished;
	}

	isExpiring(audience: Audience): boolean {
		return audience.expiresAt - this.now() <= EXPIRING_WINDOW_MS;
	}

	/** Pushes the expiry out again, as TikTok does on use or change when no retention is set. */
	touchExpiry(audience: Audience): void {
		if (audience.retentionInDays === undefined) {
			audience.expiresAt = this.now() + DEFAULT_RETENTION_DAYS * DAY_MS;
		}
	}

	addHistory(
		audience: Audience,
		action: string,
		detail: string,
		message = '',
		at = this.now(),
	): void {
		audience.history.push({
			action,
			action_detail: detail,
			editor: 'open_api',
			msg: message,
			opt_time: formatTikTokTime(at),
		});
	}

	/** Stores a new audience. Used by the routes and by tests that need one in place. */
	addAudience(input: AddAudienceInput): Audience {
		const owner = this.advertiserMap.get(input.advertiserId);
		const createdAt = input.createdAt ?? this.now();
		const retention = input.retentionInDays;
		const members = new Set(input.members ?? []);
		const audience: Audience = {
			audienceId: input.audienceId ?? this.nextId('audience'),
			ownerId: input.advertiserId,
			environment: owner?.environment ?? 'production',
			name: input.name ?? 'Audience',
			audienceType: input.lookalikeSpec ? AUDIENCE_TYPE.lookalike : AUDIENCE_TYPE.customerFile,
			audienceSubType: input.audienceSubType ?? 'NORMAL',
			calculateType: input.lookalikeSpec
				? undefined
				: canonicalCalculateType(input.calculateType ?? 'EMAIL_SHA256'),
			members,
			filePaths: [...(input.filePaths ?? [])],
			lookalikeSpec: input.lookalikeSpec,
			lookalikeSize: input.lookalikeSize,
			audienceEnhancement: input.audienceEnhancement ?? false,
			isAutoRefresh: false,
			retentionInDays: retention,
			matchedSize: input.lookalikeSize ?? members.size,
			createdAt,
			expiresAt: createdAt + (retention ?? DEFAULT_RETENTION_DAYS) * DAY_MS,
			history: [],
			sharedWith: new Map(),
			sequence: this.nextSequence(),
		};
		if (input.processing) this.startProcessingIndefinitely(audience);
		this.audienceMap.set(audience.audienceId, audience);
		return audience;
	}

	/** Bulk-creates audiences for paging tests; fast enough for thousands. */
	addAudiences(advertiserId: string, count: number, options: AddAudiencesOptions = {}): Audience[] {
		const created: Audience[] = [];
		const width = Math.max(4, String(count).length);
		const perAudience = options.membersPerAudience ?? 0;
		for (let index = 1; index <= count; index++) {
			const members: string[] = [];
			for (let member = 0; member < perAudience; member++) {
				members.push(sha256Hex(`bulk-${index}-${member}@acme-shoes.example`));
			}
			const audience = this.addAudience({
				advertiserId,
				name: `${options.namePrefix ?? 'Bulk audience'} ${String(index).padStart(width, '0')}`,
				calculateType: options.calculateType,
				members,
			});
			this.addHistory(audience, 'CREATE', 'Created in bulk for a test');
			created.push(audience);
		}
		return created;
	}

	deleteAudience(audienceId: string): void {
		this.audienceMap.delete(audienceId);
		for (const adGroup of this.adGroupMap.values()) adGroup.audiences.delete(audienceId);
	}
}
