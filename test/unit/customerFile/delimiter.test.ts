// Finding a file's delimiter from its first record, read under each candidate delimiter.
import fc from 'fast-check';

import { MAX_RECORD_LENGTH } from '../../../nodes/TikTokForBusiness/customerFile/csv';
import { DelimiterDetection } from '../../../nodes/TikTokForBusiness/customerFile/delimiter';
import { cutText } from '../../support/customerFile';
import { assert, describe, it } from '../../support/testing';

/** The delimiter detected from `pieces`, and after how many of them it was known. */
function detect(pieces: readonly string[]): { delimiter: string; after: number | 'end' } {
	const detection = new DelimiterDetection();
	for (const [index, piece] of pieces.entries()) {
		const delimiter = detection.write(piece);
		if (delimiter !== undefined) return { delimiter, after: index + 1 };
	}
	return { delimiter: detection.end(), after: 'end' };
}

describe('DelimiterDetection', () => {
	it('decides as soon as every delimiter has read its first record', () => {
		assert.deepEqual(detect(['Email;Na', 'me\r', '\nx;y\n']), { delimiter: ';', after: 3 });
		assert.deepEqual(detect(['\n\r\n  \nName\tEMAIL\n', 'x']), { delimiter: '\t', after: 1 });
		assert.deepEqual(detect(['EMAIL']), { delimiter: ',', after: 'end' });
		// A header without a final line break is read at the end.
		assert.deepEqual(detect(['Email;Name']), { delimiter: ';', after: 'end' });
	});

	it('keeps every piece of text for the chosen delimiter to read', () => {
		const detection = new DelimiterDetection();
		assert.equal(detection.write('\ufeffe'), undefined);
		assert.equal(detection.write('mail;x\n'), ';');
		assert.equal(detection.text(), '\ufeffemail;x\n');
	});

	it('reads a header whose quoted cells hold line breaks and other delimiters', () => {
		assert.equal(detect(['"Notes\n;,";Email\n']).delimiter, ';');
		assert.equal(detect(['"E,mail"\tPhone\n']).delimiter, '\t');
	});

	it('drops a delimiter under which a quote stays open, instead of failing', () => {
		// Under the semicolon the quote opens a field that never closes; under comma it is a character.
		assert.deepEqual(detect(['x;"y,EMAIL']), { delimiter: ',', after: 'end' });
		assert.deepEqual(detect(['EMAIL,x;"y\n']), { delimiter: ',', after: 'end' });
	});

	it('searches only the first MAX_RECORD_LENGTH characters, however they are cut', () => {
		const late = `${'\n'.repeat(MAX_RECORD_LENGTH - 5)}Email;Name\n`;
		assert.deepEqual(detect([late]), { delimiter: ',', after: 1 });
		assert.deepEqual(detect([late.slice(0, 1000), late.slice(1000)]), {
			delimiter: ',',
			after: 2,
		});
		const early = `${'\n'.repeat(MAX_RECORD_LENGTH - 12)}Email;Name\n`;
		assert.equal(detect([early]).delimiter, ';');
	});

	it('detects the same delimiter however the text is cut', () => {
		const text = fc.constantFrom(
			'Email;Name\n',
			'"a\nb";EMAIL\n',
			'\r\n"x,y"\tphone\r\n',
			'first,last,e-mail\r',
			'"open;EMAIL',
			'idfa\tgaid;maid\n',
		);
		fc.assert(
			fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (header, cuts) => {
				assert.equal(detect(cutText(header, cuts)).delimiter, detect([header]).delimiter);
			}),
		);
	});
});
