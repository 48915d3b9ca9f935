import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import type { Emulator } from '../emulator/server';
import { emailDigests, uploadFile } from './test-helpers';
import { md5Hex } from '../emulator/world';

describe('emulator: spec rules a client can break', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	describe('customer file header must name the calculate_type', () => {
		const [maid] = emailDigests(1, 'device');

		it('IDFA_SHA256 data under a MAID_SHA256 header: 40002', async () => {
			const reply = await uploadFile(emulator, {
				content: `MAID_SHA256\n${maid}\n`,
				calculateType: 'IDFA_SHA256',
			});
			assert.equal(reply.code, 40002);
			assert.equal(
				reply.message,
				'file: line 1: header MAID_SHA256 does not match calculate_type IDFA_SHA256',
			);
		});

		it('a FIRST_* file takes only a FIRST_* or MAID_* header, not IDFA_* or GAID_*', async () => {
			for (const [header, calculateType] of [
				['IDFA_SHA256', 'FIRST_SHA256'],
				['GAID_SHA256', 'MAID_SHA256'],
				['IDFA_MD5', 'FIRST_MD5'],
			]) {
				const digest = calculateType.endsWith('MD5') ? md5Hex('device') : maid;
				const reply = await uploadFile(emulator, {
					content: `${header}\n${digest}\n`,
					calculateType,
				});
				assert.equal(reply.code, 40002, `${header} in a ${calculateType} file`);
				assert.match(reply.message, /does not match calculate_type/);
			}
			for (const [header, calculateType] of [
				['MAID_SHA256', 'FIRST_SHA256'],
				['FIRST_SHA256', 'MAID_SHA256'],
				['IDFA_SHA256', 'IDFA_SHA256'],
			]) {
				const reply = await uploadFile(emulator, {
					content: `${header}\n${maid}\n`,
					calculateType,
				});
				assert.equal(reply.code, 0, `${header} in a ${calculateType} file: ${reply.message}`);
			}
		});
	});
});
