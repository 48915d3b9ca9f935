export { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
export { strict as assert } from 'node:assert';
