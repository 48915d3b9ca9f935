/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmark runs in Node and never ships in the package */
// Normalise + hash throughput on one core: the node's digestIdentifier against two plain-Node
// floors that normalise the same way as the hand-written sync: interleaved rounds, the best of
// each, and a checksum so that no loop is optimised away.
import { createHash, hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type { NormaliseOptions } from '../../nodes/TikTokForBusiness/customerFile/types';
import { digestIdentifier } from '../../nodes/TikTokForBusiness/customerFile/identifiers';
import { normaliseEmail, normalisePhone } from './baseline';
import type { Contact } from './common';

// The node's defaults (no default country code; E.164 digits without the '+'; +tags removed from
// e-mails), which the plain-Node baseline follows too.
const NODE_OPTIONS: NormaliseOptions = {};
const SHA256_HEX_LENGTH = 64;

/** Normalises and hashes one value; returns the digest's length so the work is used. */
type Preparer = (value: string) => number;

interface Variant {
	name: string;
	email: Preparer;
	phone: Preparer;
}

export interface HashRate {
	name: string;
	/** Identifiers per second, best round. */
	emails: number;
	phones: number;
	/** As many e-mails as phones, as in the sync. */
	both: number;
}

function viaDigestIdentifier(type: 'email' | 'phone'): Preparer {
	return (value) => {
		// The digest, or a drop object ({ ok: false, reason }) for a value the node leaves out.
		const digest = digestIdentifier(type, value, NODE_OPTIONS);
		return typeof digest === 'string' ? digest.length : 0;
	};
}

function floor(
	normalise: (value: string) => string | undefined,
	sha256Hex: (text: string) => string,
): Preparer {
	return (value) => {
		const normalised = normalise(value);
		return normalised === undefined ? 0 : sha256Hex(normalised).length;
	};
}

const createHashPerValue = (text: string) => createHash('sha256').update(text).digest('hex');
const oneShotHash = (text: string) => hash('sha256', text, 'hex');

const VARIANTS: Variant[] = [
	{
		name: 'node: digestIdentifier',
		email: viaDigestIdentifier('email'),
		phone: viaDigestIdentifier('phone'),
	},
	{
		name: 'floor: createHash per value',
		email: floor(normaliseEmail, createHashPerValue),
		phone: floor(normalisePhone, createHashPerValue),
	},
	{
		name: 'floor: one-shot crypto.hash',
		email: floor(normaliseEmail, oneShotHash),
		phone: floor(normalisePhone, oneShotHash),
	},
];

function identifiersPerSecond(values: string[], prepare: Preparer): number {
	let checksum = 0;
	const start = performance.now();
	for (const value of values) checksum += prepare(value);
	const seconds = (performance.now() - start) / 1000;
	if (checksum !== values.length * SHA256_HEX_LENGTH) {
		throw new Error('An identifier was dropped while hashing');
	}
	return values.length / seconds;
}

/** Best-of-`rounds` throughput of each variant over the contacts' e-mails and phones. */
export function measureHashRates(contacts: Contact[], rounds: number): HashRate[] {
	const emails = contacts.map((contact) => contact.email);
	const phones = contacts.map((contact) => contact.phone);
	const best = VARIANTS.map(() => ({ emails: 0, phones: 0 }));
	// Interleaved, so that background load on the machine hits every variant alike.
	for (let round = 0; round < rounds; round++) {
		VARIANTS.forEach((variant, index) => {
			best[index].emails = Math.max(
				best[index].emails,
				identifiersPerSecond(emails, variant.email),
			);
			best[index].phones = Math.max(
				best[index].phones,
				identifiersPerSecond(phones, variant.phone),
			);
		});
	}
	return VARIANTS.map(({ name }, index) => {
		const rates = best[index];
		return { name, ...rates, both: 2 / (1 / rates.emails + 1 / rates.phones) };
	});
}
