/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node and never ships in the package */
// Header rows: which column names are identifier columns, and which delimiter a header row uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import type { CsvDelimiter } from '../../../nodes/TikTokForBusiness/customerFile/csv';
import { chooseDelimiter, readHeader } from '../../../nodes/TikTokForBusiness/customerFile/headers';
import type { IdentifierType } from '../../../nodes/TikTokForBusiness/customerFile/types';
import { assert, describe, it } from '../../support/testing';

const records =
	(byDelimiter: Partial<Record<CsvDelimiter, string[]>>) =>
	(delimiter: CsvDelimiter): string[] | undefined =>
		byDelimiter[delimiter];

/** The column names the README lists, by the identifier type each line names. */
function readmeColumnNames(): Array<[IdentifierType, string]> {
	const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
	const section = readme.slice(
		readme.indexOf('<!-- column names -->'),
		readme.indexOf('<!-- /column names -->'),
	);
	const types: Record<string, IdentifierType> = {
		'E-mail': 'email',
		Phone: 'phone',
		IDFA: 'idfa',
		GAID: 'gaid',
		'Mobile ID (IDFA or GAID)': 'maid',
	};
	return section
		.split('\n')
		.map((line) => /^\s*- ([^:]+): (.*)$/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.flatMap(([, label, names]) =>
			[...names.matchAll(/`([^`]+)`/g)].map(
				([, name]) => [types[label], name] as [IdentifierType, string],
			),
		);
}

describe('column names', () => {
	const listed = readmeColumnNames();
	const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

	it('reads every name the README lists as its type', () => {
		assert.equal(listed.length, 20);
		for (const [type, name] of listed) {
			assert.ok(type, `a type for ${name}`);
			assert.deepEqual(readHeader([name])?.types, [type], name);
		}
	});

	it('reads no name the README does not list', () => {
		const known = new Set(listed.map(([, name]) => key(name)));
		const near = fc.oneof(
			fc
				.constantFrom(...listed.map(([, name]) => name))
				.chain((name) =>
					fc
						.tuple(fc.nat(name.length), fc.constantFrom('x', '1', '', 'first', 'name'))
						.map(([at, insert]) => name.slice(0, at) + insert + name.slice(at + 1)),
				),
			fc.stringMatching(/^[A-Za-z_ ]{1,14}$/),
			fc.constantFrom('First', 'first_name', 'Mobile', 'Cell', 'Telephone', 'E-mail 2', 'Name'),
		);
		fc.assert(
			fc.property(near, (name) => known.has(key(name)) || readHeader([name]) === undefined),
			{ numRuns: 2000 },
		);
	});
});

describe('readHeader', () => {
	it('compares names in lower case with letters and digits only', () => {
		const header = readHeader(['E-Mail', ' Phone Number ', 'EMAIL_SHA256', 'maid.md5', 'AAID']);
		assert.deepEqual(header?.types, ['email', 'phone', 'email', 'maid', 'gaid']);
	});

	it('ignores other columns, bare "first" among them, and says where the named ones are', () => {
		assert.deepEqual(readHeader(['First', 'Last', 'Email', 'first_name', 'Phone']), {
			types: ['email', 'phone'],
			md5DigestColumns: [false, false],
			positions: [2, 4],
		});
	});

	it('marks mobile-ID columns whose name ends in MD5 as holding MD5 digests', () => {
		const header = readHeader(['EMAIL', 'MAID_MD5', 'IDFA', 'GAID_MD5', 'idfa_md5', 'FIRST_MD5']);
		assert.deepEqual(header?.md5DigestColumns, [false, true, false, true, true, true]);
	});

	it('finds no header in a record that names no identifier column', () => {
		assert.equal(readHeader(['jane@example.com', 'First', 'Name']), undefined);
		assert.equal(readHeader(['Email;Name']), undefined);
		assert.equal(readHeader([]), undefined);
	});
});

describe('chooseDelimiter', () => {
	it('takes the delimiter under which the header names the most identifier columns', () => {
		const header = 'Email;Phone;Name,City';
		const byDelimiter = {
			',': header.split(','),
			';': header.split(';'),
			'\t': [header],
		};
		// Comma: "Email;Phone;Name", "City" name none; semicolon: Email, Phone, "Name,City" name two.
		assert.equal(chooseDelimiter(records(byDelimiter)), ';');
		assert.equal(chooseDelimiter(records({ ',': ['Name\tEmail'], '\t': ['Name', 'Email'] })), '\t');
	});

	it('breaks a tie by the number of cells, then in the order comma, semicolon, tab', () => {
		const moreCells = { ',': ['EMAIL;x'], ';': ['EMAIL', 'x'], '\t': ['EMAIL;x'] };
		assert.equal(chooseDelimiter(records(moreCells)), ';');
		const same = { ',': ['EMAIL'], ';': ['EMAIL'], '\t': ['EMAIL'] };
		assert.equal(chooseDelimiter(records(same)), ',');
		assert.equal(chooseDelimiter(records({ ';': ['EMAIL'], '\t': ['EMAIL'] })), ';');
	});

	it('falls back to comma when no delimiter gives a header row', () => {
		assert.equal(chooseDelimiter(records({ ';': ['a', 'b'], '\t': ['a', 'b', 'c'] })), ',');
		assert.equal(chooseDelimiter(records({})), ',');
	});
});
