// Why a customer file cannot be read, as a type the node can switch on (never its message text).

export type CustomerFileProblem =
	| 'empty'
	| 'notText'
	| 'noHeader'
	| 'unclosedQuote'
	| 'fieldTooLong';

export class CustomerFileError extends Error {
	constructor(
		readonly problem: CustomerFileProblem,
		message: string,
		/** The line, from 1, where the faulty field starts (for unclosedQuote and fieldTooLong). */
		readonly line?: number,
	) {
		super(message);
		this.name = 'CustomerFileError';
	}
}
