import { FileMemory } from '../../../nodes/TikTokForBusiness/customerFile/fileMemory';
import { assert, describe, it } from '../../support/testing';

describe('FileMemory', () => {
	it('reuses a buffer handed back only until it is closed', () => {
		const memory = new FileMemory();
		const first = memory.start(100);
		memory.finishFile();
		memory.handBack(first, 0);
		assert.equal(memory.start(100), first);
		memory.finishFile();
		memory.handBack(first, 0);
		assert.notEqual(memory.start(101), first, 'too small for the next file');
		memory.finishFile();
		memory.handBack(first, 0);
		memory.close();
		assert.notEqual(memory.start(100), first);
	});
});
