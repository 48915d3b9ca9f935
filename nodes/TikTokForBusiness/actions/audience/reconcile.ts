import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listAudiences, type AudienceListEntry, type TikTokClient } from '../../transport';

// TikTok allows several audiences with one name, and its create_time has no time zone, so age
// cannot tell an audience a lost create made from an older namesake. What can: the audiences of
// that name that existed before the request was sent.

type Matches = (audience: AudienceListEntry) => boolean;

async function namesakes(
	client: TikTokClient,
	advertiserId: string,
	name: string,
	matches: Matches,
): Promise<AudienceListEntry[]> {
	const audiences = await listAudiences(client, { advertiserId });
	return audiences.filter((audience) => audience.name === name && matches(audience));
}

/**
 * Takes note of the audiences named `name` before a create request, and returns the reconcile
 * step for a lost reply: the one audience of that name that was not there before is the one the
 * request made; none means TikTok did not act, so the request is sent again; several (someone
 * else created one meanwhile) fail with their IDs rather than guess.
 */
export async function reconcileCreate(
	client: TikTokClient,
	node: INode,
	advertiserId: string,
	name: string,
	matches: Matches = () => true,
	known?: AudienceListEntry[],
): Promise<() => Promise<IDataObject | undefined>> {
	const existing = known ?? (await namesakes(client, advertiserId, name, matches));
	const before = new Set(existing.map(({ audience_id }) => String(audience_id)));
	return async () => {
		const created = (await namesakes(client, advertiserId, name, matches)).filter(
			({ audience_id }) => !before.has(String(audience_id)),
		);
		if (created.length === 0) return undefined;
		if (created.length === 1) return { custom_audience_id: String(created[0].audience_id) };
		throw new NodeOperationError(
			node,
			`TikTok's reply was lost, and ${created.length} audiences named "${name}" appeared meanwhile`,
			{
				description: `Audience IDs: ${created.map(({ audience_id }) => String(audience_id)).join(', ')}. One of them is this run's; check them before running again, so that no audience is doubled.`,
				itemIndex: client.itemIndex,
			},
		);
	};
}
