/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- measurement script runs in Node and never ships in the package */
// Identifiers per second for prepareIdentifier against a bare trim + lower-case + SHA-256 loop.
// Run: node --import tsx scripts/hash-throughput.ts
import { hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type {
	IdentifierType,
	NormaliseOptions,
} from '../nodes/TikTokForBusiness/helpers/identifiers';
import { prepareIdentifier } from '../nodes/TikTokForBusiness/helpers/identifiers';

const COUNT = 200_000;
const ROUNDS = 7;
const OPTIONS: NormaliseOptions = { defaultCountryCode: '1' };

function syntheticEmails(count: number): string[] {
	const domains = ['Example.com', 'mail.example.org', 'gmail.com', 'Company.co.uk'];
	return Array.from(
		{ length: count },
		(_, index) => `  User.Name${index}+tag@${domains[index % domains.length]} `,
	);
}

function syntheticPhones(count: number): string[] {
	return Array.from({ length: count }, (_, index) => {
		const line = String(index % 10_000).padStart(4, '0');
		const exchange = 200 + (Math.floor(index / 10_000) % 800);
		return `(657) ${exchange}-${line}`;
	});
}

/** Time one pass over `values`, in identifiers per second. */
function timePass(values: string[], run: (value: string) => number): number {
	let checksum = 0;
	const start = performance.now();
	for (const value of values) checksum += run(value);
	const seconds = (performance.now() - start) / 1000;
	// Using the checksum keeps the loop from being optimised away.
	return checksum < 0 ? 0 : values.length / seconds;
}

function floor(value: string): number {
	return hash('sha256', value.trim().toLowerCase(), 'hex').length;
}

function prepared(type: IdentifierType): (value: string) => number {
	return (value) => {
		const result = prepareIdentifier(type, value, OPTIONS);
		return result.ok ? result.digest.length : 0;
	};
}

function format(perSecond: number): string {
	return `${(perSecond / 1e6).toFixed(2)}M ids/s`;
}

const emails = syntheticEmails(COUNT);
const phones = syntheticPhones(COUNT);

// Interleaved rounds, best of each, so background load hits every variant alike.
const cases = [
	{ name: 'floor: trim + lower-case + sha256, emails', values: emails, run: floor },
	{ name: 'prepareIdentifier, emails', values: emails, run: prepared('email') },
	{ name: 'floor: trim + lower-case + sha256, phones', values: phones, run: floor },
	{ name: 'prepareIdentifier, phones', values: phones, run: prepared('phone') },
];
const best = cases.map(() => 0);
for (let round = 0; round < ROUNDS; round++) {
	cases.forEach(({ values, run }, index) => {
		best[index] = Math.max(best[index], timePass(values, run));
	});
}

console.log(`Node ${process.version}, ${COUNT} identifiers per pass, best of ${ROUNDS} rounds`);
cases.forEach(({ name }, index) => {
	const floorRate = best[index - (index % 2)];
	const ratio =
		index % 2 === 1 ? ` (${((best[index] / floorRate) * 100).toFixed(0)}% of floor)` : '';
	console.log(`${name.padEnd(44)} ${format(best[index])}${ratio}`);
});
