import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** TikTok's reply lacked an audience that was asked for. */
export function audienceNotFound(node: INode, audienceId: string): NodeApiError {
	return new NodeApiError(
		node,
		{ audienceId },
		{
			message: `TikTok returned no audience with ID ${audienceId}`,
			description:
				'Check that the audience belongs to, or is shared with, the selected advertiser.',
		},
	);
}
