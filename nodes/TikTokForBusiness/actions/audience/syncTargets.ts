import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CustomerFileSummary } from '../../customerFile';
import {
	updateAudience,
	type AudienceListEntry,
	type MembersAction,
	type TikTokClient,
} from '../../transport';
import { extendError, type Job, type Outcome } from '../runner';
import { checkMembersFit, isOwned, takesCustomerFiles } from './members/compatibility';
import { buildFromFiles } from './members/fromFiles';
import { buildFromItems } from './members/fromItems';
import { createFromUploads, type NewAudienceSettings } from './members/newAudience';
import { membersReport, noValidRows, type MembersSource } from './members/report';
import { MemberUploads, type UploadedFile } from './members/uploads';
import { findNamesakes } from './namesakes';
import { checkReady, readiness, type ReadinessWait } from './readiness';

// Create or Update for the targets (ad account, name) that one list of members goes to: every
// target is looked up before anything is uploaded, the members are built once and uploaded to
// each, then each audience is created or changed.

/** An audience to sync: a name in an ad account, with the settings of its first item. */
export interface SyncTarget {
	advertiserId: string;
	name: string;
	newAudience: NewAudienceSettings;
	wait: ReadinessWait;
}

interface Lookup {
	/** The owned customer-file audience of that name, if any. */
	audience?: AudienceListEntry;
	/** Audiences of that name the sync leaves alone: shared-in ones, or of another kind. */
	others: IDataObject[];
	/** Every audience of that name, for reconciling a lost create reply. */
	before: AudienceListEntry[];
}

/**
 * Looks up the audience a target syncs: only one the ad account owns and that takes customer
 * files can be changed, so others of the same name are listed, never matched.
 */
async function lookUp(
	client: TikTokClient,
	context: IExecuteFunctions,
	target: SyncTarget,
): Promise<Lookup> {
	const before = await findNamesakes(client, target.advertiserId, target.name);
	const usable = before.filter((audience) => isOwned(audience) && takesCustomerFiles(audience));
	if (usable.length > 1) {
		const ids = usable.map((audience) => String(audience.audience_id));
		throw new NodeOperationError(
			context.getNode(),
			`${usable.length} audiences are named "${target.name}" in ad account ${target.advertiserId}`,
			{
				description: `Audience IDs: ${ids.join(', ')}. Rename or delete all but one, or use Update with the audience's ID; the node does not guess.`,
			},
		);
	}
	const others = before
		.filter((audience) => !usable.includes(audience))
		.map((audience) => ({
			audienceId: String(audience.audience_id),
			reason: isOwned(audience)
				? `not a customer-file audience (${String(audience.audience_type ?? 'unknown type')})`
				: 'shared with this ad account by another',
		}));
	return { audience: usable[0], others, before };
}

export interface SyncSettings {
	source: MembersSource;
	action: MembersAction;
	continueOnFail: boolean;
}

/**
 * Syncs the targets whose items are the same (`jobs`, each a target with those items). Returns
 * one outcome per target. Without Continue On Fail it throws at the first failure: before any
 * upload when a lookup fails, before any change when an upload fails, and otherwise naming the
 * audiences already changed.
 */
export async function syncTargets(
	context: IExecuteFunctions,
	client: TikTokClient,
	jobs: Array<Job<SyncTarget>>,
	{ source, action, continueOnFail }: SyncSettings,
): Promise<Outcome[]> {
	const node = context.getNode();
	const itemIndices = jobs[0].itemIndices;
	const outcomes: Outcome[] = jobs.map(() => new Error('not synced'));
	const done: string[] = [];
	/** A target's failure: its outcome, or without Continue On Fail the end of the run. */
	const fail = (index: number, error: Error, nothingChanged: string): void => {
		if (continueOnFail) {
			outcomes[index] = error;
			return;
		}
		const description =
			done.length === 0
				? nothingChanged
				: `Before this failure the run had already: ${done.join('; ')}.`;
		throw extendError(context, error, { description });
	};

	// 1. Every target is looked up (which also checks access) before the first upload.
	const lookups = new Map<number, Lookup>();
	for (const [index, { value }] of jobs.entries()) {
		try {
			lookups.set(index, await lookUp(client, context, value));
		} catch (error) {
			fail(
				index,
				error as Error,
				'Nothing was uploaded to these ad accounts, nor created or changed in them.',
			);
		}
	}
	// Remove never creates: without an audience there is no one to remove.
	const toSync = [...lookups.keys()].filter((index) => {
		if (action !== 'REMOVE' || lookups.get(index)?.audience) return true;
		const { advertiserId, name } = jobs[index].value;
		outcomes[index] = {
			operation: 'notFound',
			audienceName: name,
			advertiserId,
			action,
			message: `No audience named "${name}" that this ad account owns and fills from customer files: nothing to remove, nothing created`,
			...otherNamesakes(lookups.get(index) as Lookup),
		};
		return false;
	});
	if (toSync.length === 0) return outcomes;

	// 2. The members are built once and uploaded to each ad account as the files complete.
	const uploads = new MemberUploads(
		context,
		client,
		toSync.map((index) => {
			const { audience } = lookups.get(index) as Lookup;
			return {
				advertiserId: jobs[index].value.advertiserId,
				beforeUpload: async (calculateType) => {
					if (audience) checkMembersFit(node, audience, calculateType);
				},
			};
		}),
	);
	const summary: CustomerFileSummary =
		source === 'file'
			? await buildFromFiles(context, itemIndices, 'audience', uploads)
			: await buildFromItems(context, itemIndices, 'audience', uploads);
	if (summary.rowsAccepted === 0) {
		const { audience } = lookups.get(toSync[0]) as Lookup;
		throw noValidRows(node, summary, source, audience ? 'changed' : 'created');
	}
	const uploaded = new Map<number, UploadedFile[]>();
	for (const index of toSync) {
		try {
			uploaded.set(index, uploads.uploadedTo(jobs[index].value.advertiserId, summary));
		} catch (error) {
			fail(index, error as Error, 'No audience was created or changed in these ad accounts.');
		}
	}

	// 3. Each audience is created or changed, then its readiness read.
	for (const index of uploaded.keys()) {
		const job = jobs[index];
		try {
			const files = uploaded.get(index) as UploadedFile[];
			const lookup = lookups.get(index) as Lookup;
			const result = lookup.audience
				? await updateOne(client, job.value, lookup.audience, { action, summary, files })
				: {
						operation: 'created',
						...(await createFromUploads(client, node, {
							advertiserId: job.value.advertiserId,
							name: job.value.name,
							source,
							summary,
							files,
							settings: job.value.newAudience,
							before: lookup.before,
						})),
					};
			done.push(
				`${String(result.operation)} audience "${job.value.name}" (${String(result.audienceId)}) in ad account ${job.value.advertiserId}`,
			);
			outcomes[index] = {
				...result,
				...otherNamesakes(lookup),
				...(await readinessOf(context, client, job.value, String(result.audienceId))),
			};
		} catch (error) {
			fail(index, error as Error, '');
		}
	}
	return outcomes;
}

async function updateOne(
	client: TikTokClient,
	target: SyncTarget,
	audience: AudienceListEntry,
	change: { action: MembersAction; summary: CustomerFileSummary; files: UploadedFile[] },
): Promise<IDataObject> {
	const audienceId = String(audience.audience_id);
	const filePaths = change.files.map((file) => file.filePath);
	await updateAudience(client, {
		advertiserId: target.advertiserId,
		audienceId,
		members: { filePaths, action: change.action },
	});
	return {
		operation: 'updated',
		audienceId,
		audienceName: target.name,
		advertiserId: target.advertiserId,
		action: change.action,
		...membersReport(change.summary, change.files),
	};
}

function otherNamesakes(lookup: Lookup): IDataObject {
	return lookup.others.length > 0 ? { otherNamesakes: lookup.others } : {};
}

async function readinessOf(
	context: IExecuteFunctions,
	client: TikTokClient,
	target: SyncTarget,
	audienceId: string,
): Promise<IDataObject> {
	const node = context.getNode();
	const { wait } = target;
	const ready = await readiness(
		client,
		node,
		{ advertiserId: target.advertiserId, audienceId },
		wait,
	);
	if (wait.failIfNotReady) checkReady(node, audienceId, ready);
	return {
		status: ready.status,
		statusMessage: ready.statusMessage,
		...(wait.waitMs > 0 ? { waitedSeconds: ready.waitedSeconds } : {}),
	};
}
