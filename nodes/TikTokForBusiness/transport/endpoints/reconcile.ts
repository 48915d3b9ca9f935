import type { IDataObject } from 'n8n-workflow';

/**
 * For a request whose reply was lost: reads back from TikTok whether it took effect, so that it
 * is sent again only when it did not.
 */
export type TookEffect = () => Promise<boolean>;

/** For a create request whose reply was lost: the ID of what it created, if it did. */
export type FindCreated = () => Promise<string | undefined>;

/** The client's reconcile step for a create request: TikTok's reply, as it would have been. */
export function reconcileCreated(findCreated: FindCreated) {
	return async (): Promise<IDataObject | undefined> => {
		const audienceId = await findCreated();
		return audienceId === undefined ? undefined : { custom_audience_id: audienceId };
	};
}

/** The client's reconcile step for a request without a reply body. */
export function reconcileEffect(tookEffect: TookEffect) {
	return async (): Promise<IDataObject | undefined> => ((await tookEffect()) ? {} : undefined);
}
