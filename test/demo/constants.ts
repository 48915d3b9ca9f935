/* eslint-disable @n8n/community-nodes/no-restricted-imports -- the demo runs in Node and never ships in the package */
import { join } from 'node:path';

import { PACKAGE_ROOT } from '../n8n/install';

// What the demo and test/demo/check.ts share: its login, workflow IDs and files.

export const DEMO_LOGIN = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- the printed login of a throwaway local n8n
	password: 'TikTok-Demo-2026',
};
export const DEMO_WORKFLOW_ID = 'tiktokDemoAudience';
export const DEMO_CONNECT_WORKFLOW_ID = 'tiktokDemoOAuth2';
export const DEMO_HOME = join(PACKAGE_ROOT, '.cache', 'demo');
/** Written once the demo is ready: the editor URL and the workflow, for test/demo/check.ts. */
export const DEMO_STATE_FILE = join(DEMO_HOME, 'demo.json');
