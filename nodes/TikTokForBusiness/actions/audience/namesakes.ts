import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isNamed } from '../../parameters';
import {
	listAudiences,
	type AudienceListEntry,
	type FindCreated,
	type TikTokClient,
} from '../../transport';

// TikTok allows several audiences with one name, and its create_time has no time zone, so age
// cannot tell an audience a lost create made from an older namesake. What can: the audiences of
// that name that existed before the request was sent.

/** The audiences of an ad account named `name` (padding aside), owned or shared with it. */
export async function findNamesakes(
	client: TikTokClient,
	advertiserId: string,
	name: string,
): Promise<AudienceListEntry[]> {
	const audiences = await listAudiences(client, { advertiserId });
	return audiences.filter((audience) => isNamed(audience.name, name));
}

/**
 * The reconcile step for a create request whose reply is lost, given the namesakes noted before it
 * was sent: the one audience of that name (and kind, `matches`) that was not there before is the
 * one the request made; none means TikTok did not act, so the request is sent again; several
 * (someone else created one meanwhile) fail with their IDs rather than guess.
 */
export function reconcileCreate(
	client: TikTokClient,
	node: INode,
	target: { advertiserId: string; name: string },
	before: AudienceListEntry[],
	matches: (audience: AudienceListEntry) => boolean = () => true,
): FindCreated {
	const known = new Set(before.map(({ audience_id }) => String(audience_id)));
	return async () => {
		const created = (await findNamesakes(client, target.advertiserId, target.name)).filter(
			(audience) => matches(audience) && !known.has(String(audience.audience_id)),
		);
		if (created.length === 0) return undefined;
		if (created.length === 1) return String(created[0].audience_id);
		throw new NodeOperationError(
			node,
			`TikTok's reply was lost, and ${created.length} audiences named "${target.name}" appeared meanwhile`,
			{
				description: `Audience IDs: ${created.map(({ audience_id }) => String(audience_id)).join(', ')}. One of them is this run's; check them before running again, so that no audience is doubled.`,
			},
		);
	};
}
