import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	advertiser: 'get' | 'getAll';
	audience:
		| 'applyToAdGroups'
		| 'cancelShare'
		| 'create'
		| 'createLookalike'
		| 'delete'
		| 'disconnectFromAdGroups'
		| 'get'
		| 'getAll'
		| 'getApplyLog'
		| 'getShareLog'
		| 'refreshLookalike'
		| 'share'
		| 'update'
		| 'upsert';
};

export type TikTokForBusinessType = AllEntities<NodeMap>;
