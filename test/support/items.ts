// Workflow items that carry e-mail addresses, and the SHA-256 digests TikTok should end up with.
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `count` items whose `email` needs trimming and lower-casing: "  Contact<n>@Example.COM ". */
export function contacts(count: number, first = 0): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		email: `  Contact${first + index}@Example.COM `,
	}));
}

/** The digests of `contacts(count, first)`, once normalised. */
export function digestsOf(count: number, first = 0): Set<string> {
	return new Set(
		Array.from({ length: count }, (_, index) => sha256(`contact${first + index}@example.com`)),
	);
}

/** `count` items whose `email` is already normalised: "member<n>@example.com". */
export const emails = (count: number, first = 0) =>
	Array.from({ length: count }, (_, index) => ({ email: `member${first + index}@example.com` }));

/** The digests of `emails(count, first)`, in order. */
export const digests = (count: number, first = 0) =>
	Array.from({ length: count }, (_, index) => sha256(`member${first + index}@example.com`));
