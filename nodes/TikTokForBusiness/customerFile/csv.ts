import { CustomerFileError } from './fileError';

// RFC 4180 records from text that arrives in pieces. Only the unfinished record is kept between
// pieces, and how the text is cut never changes the records.

export type CsvDelimiter = ',' | ';' | '\t';

/** The delimiters a customer file may use, in the order that breaks ties when detecting one. */
export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/**
 * The longest record read, in characters. Identifiers are short: a longer record is almost
 * always a quote left open, which would otherwise swallow the rest of the file.
 */
export const MAX_RECORD_LENGTH = 1024 * 1024;

const LINE_BREAK = /\r\n|\n|\r/;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const DELETE = 127;

/** Line breaks in text[from…to), a CRLF counting once. */
function countLineBreaks(text: string, from: number, to: number): number {
	let count = 0;
	for (let index = from; index < to; index++) {
		const code = text.charCodeAt(index);
		if (code === LF || (code === CR && text.charCodeAt(index + 1) !== LF)) count++;
	}
	return count;
}

/** Where the line holding text[index] starts, looking no further back than `from`. */
function lineStart(text: string, index: number, from: number): number {
	let start = index;
	while (start > from) {
		const code = text.charCodeAt(start - 1);
		if (code === LF || code === CR) break;
		start--;
	}
	return start;
}

const isBlank = (cell: string) => cell.trim() === '';

/**
 * Splits text into records. A quoted field may hold delimiters, line breaks and "" for a quote.
 * Spaces (and tabs, unless they delimit) around a quoted field are ignored, so a hand-written
 * `a, "b, c"` reads as meant. Other text after a closing quote makes the whole field literal
 * (`"a"b` reads `"a"b`), as a quote inside an unquoted field is. Records whose fields are all
 * blank are skipped.
 */
export class CsvRecordSplitter {
	/** The unfinished record, from its first character. */
	private carry = '';

	/** The line, from 1, on which the next record starts. */
	private line = 1;

	/** Set by `quotedValue`: the position after the field's closing quote. */
	private quoteEnd = 0;

	private readonly delimiterCode: number;

	constructor(
		private readonly delimiter: CsvDelimiter,
		private readonly onRecord: (cells: string[]) => void,
	) {
		this.delimiterCode = delimiter.charCodeAt(0);
	}

	write(piece: string): void {
		if (piece.length === 0) return;
		const text = this.carry === '' ? piece : this.carry + piece;
		// A CR at the end may be the first half of a CRLF: it is read with the next piece.
		const limit = text.charCodeAt(text.length - 1) === CR ? text.length - 1 : text.length;
		const carryStart = this.read(text, limit, false);
		if (limit - carryStart > MAX_RECORD_LENGTH) throw this.tooLong(text, carryStart);
		this.carry = carryStart === text.length ? '' : text.slice(carryStart);
	}

	/** Reads the last record; throws if a quoted field is still open. */
	end(): void {
		const text = this.carry;
		this.carry = '';
		if (text !== '') this.read(text, text.length, true);
	}

	/** Reads the records of text[0…limit); returns where the unfinished one starts. */
	private read(text: string, limit: number, final: boolean): number {
		let start = 0;
		while (start < limit) {
			const quote = text.indexOf('"', start);
			if (quote === -1) return this.plainRecords(text, start, limit, final);
			// Lines without quotes, the bulk of most files, are split natively.
			const quoteLine = lineStart(text, quote, start);
			if (quoteLine > start) start = this.plainRecords(text, start, quoteLine, false);
			const next = this.quotedRecord(text, start, limit, final);
			if (next === -1) return start;
			start = next;
		}
		return start;
	}

	/** Reads the records of text[from…to), which holds no quote; returns where the unfinished one starts. */
	private plainRecords(text: string, from: number, to: number, final: boolean): number {
		const span = from === 0 && to === text.length ? text : text.slice(from, to);
		const lines = span.split(LINE_BREAK);
		const complete = final ? lines.length : lines.length - 1;
		for (let index = 0; index < complete; index++) {
			const line = lines[index];
			if (line.length > MAX_RECORD_LENGTH) throw this.tooLong(line, 0);
			const cells = line.split(this.delimiter);
			const first = line.charCodeAt(0);
			// Only a record that starts with a space, a control character, a delimiter or a
			// non-ASCII character (NaN when empty) can be blank.
			const mayBeBlank = !(first > SPACE && first < DELETE && first !== this.delimiterCode);
			if (!mayBeBlank || !cells.every(isBlank)) this.onRecord(cells);
			this.line++;
		}
		return final ? to : to - lines[lines.length - 1].length;
	}

	/** Reads the record at `start`, which has a quote; returns where the next one starts, or -1. */
	private quotedRecord(text: string, start: number, limit: number, final: boolean): number {
		const cells: string[] = [];
		let field = start;
		for (;;) {
			let quoted: string | undefined;
			let end = this.afterPadding(text, field, limit);
			if (end < limit && text.charCodeAt(end) === QUOTE) {
				quoted = this.quotedValue(text, end, final, start);
				if (quoted === undefined) return -1;
				end = this.quoteEnd;
			} else {
				end = field;
			}
			const rest = end;
			while (end < limit && !this.endsField(text.charCodeAt(end))) end++;
			// Where the text ends, the record may go on (even a closing quote may be half of "").
			if (end === limit && !final) return -1;
			if (quoted === undefined) cells.push(text.slice(field, end));
			else if (this.afterPadding(text, rest, end) === end) cells.push(quoted);
			else cells.push(`"${quoted}"${text.slice(rest, end)}`);
			if (end < limit && text.charCodeAt(end) === this.delimiterCode) {
				field = end + 1;
				continue;
			}
			if (end - start > MAX_RECORD_LENGTH) throw this.tooLong(text, start);
			if (!cells.every(isBlank)) this.onRecord(cells);
			let next = end;
			if (end < limit)
				next += text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1;
			this.line += countLineBreaks(text, start, next);
			return next;
		}
	}

	/**
	 * The value of the quoted field whose quote is at `open`, its end left in `quoteEnd`; undefined
	 * when the text ends before its closing quote.
	 */
	private quotedValue(
		text: string,
		open: number,
		final: boolean,
		recordStart: number,
	): string | undefined {
		let value = '';
		let from = open + 1;
		for (;;) {
			const close = text.indexOf('"', from);
			if (close === -1) {
				if (!final) return undefined;
				const line = this.line + countLineBreaks(text, recordStart, open);
				throw new CustomerFileError(
					'unclosedQuote',
					`The quoted field that starts on line ${line} has no closing quote`,
					line,
				);
			}
			if (text.charCodeAt(close + 1) !== QUOTE) {
				this.quoteEnd = close + 1;
				return value + text.slice(from, close);
			}
			value += text.slice(from, close + 1);
			from = close + 2;
		}
	}

	private afterPadding(text: string, from: number, to: number): number {
		let index = from;
		for (; index < to; index++) {
			const code = text.charCodeAt(index);
			if (code !== SPACE && (code !== TAB || this.delimiterCode === TAB)) break;
		}
		return index;
	}

	private endsField(code: number): boolean {
		return code === this.delimiterCode || code === LF || code === CR;
	}

	/**
	 * The error for the record at `recordStart`, longer than MAX_RECORD_LENGTH. It names the field
	 * that crosses the limit, found from the record alone so that it is the same however the text
	 * was cut: its start line, and whether it opens a quote.
	 */
	private tooLong(text: string, recordStart: number): CustomerFileError {
		const crossing = recordStart + MAX_RECORD_LENGTH;
		let field = recordStart;
		let quoted = false;
		for (;;) {
			let end = this.afterPadding(text, field, text.length);
			quoted = text.charCodeAt(end) === QUOTE;
			if (quoted) {
				let close = text.indexOf('"', end + 1);
				while (close !== -1 && text.charCodeAt(close + 1) === QUOTE) {
					close = text.indexOf('"', close + 2);
				}
				end = close === -1 ? text.length : close + 1;
			}
			while (end < text.length && !this.endsField(text.charCodeAt(end))) end++;
			if (end >= crossing || text.charCodeAt(end) !== this.delimiterCode) break;
			field = end + 1;
		}
		const line = this.line + countLineBreaks(text, recordStart, field);
		return new CustomerFileError(
			'fieldTooLong',
			quoted
				? `The quoted field that starts on line ${line} is longer than 1 MiB: is its closing quote missing?`
				: `Line ${line} is longer than 1 MiB`,
			line,
		);
	}
}
