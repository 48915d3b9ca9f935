import { WorldAccess } from './world-access';
import type { AdGroup, ApplyLogEntry } from './world-model';

/** Ad groups, with the audiences applied to each, and the log of Apply actions. */
export abstract class WorldAdGroups extends WorldAccess {
	/** Apply actions, oldest first. */
	readonly applyLog: ApplyLogEntry[] = [];
	protected readonly adGroupMap = new Map<string, AdGroup>();

	protected override clearState(): void {
		super.clearState();
		this.adGroupMap.clear();
		this.applyLog.length = 0;
	}

	adGroup(adgroupId: string): AdGroup | undefined {
		return this.adGroupMap.get(adgroupId);
	}

	adGroups(advertiserId?: string): AdGroup[] {
		const all = [...this.adGroupMap.values()];
		return advertiserId === undefined
			? all
			: all.filter((adGroup) => adGroup.advertiserId === advertiserId);
	}

	addAdGroup(input: {
		advertiserId: string;
		name: string;
		adgroupId?: string;
		reachAndFrequency?: boolean;
	}): AdGroup {
		const adGroup: AdGroup = {
			adgroupId: input.adgroupId ?? this.nextId('adGroup'),
			advertiserId: input.advertiserId,
			name: input.name,
			reachAndFrequency: input.reachAndFrequency ?? false,
			audiences: new Map(),
		};
		this.adGroupMap.set(adGroup.adgroupId, adGroup);
		return adGroup;
	}
}
