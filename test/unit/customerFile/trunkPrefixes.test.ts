import { Metadata, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/metadata.min.json';

import { CALLING_CODES_WITH_TRUNK_ZERO } from '../../../nodes/TikTokForBusiness/customerFile/trunkPrefixes';
import { assert, describe, it } from '../../support/testing';

const metadata = metadataJson as unknown as MetadataJson & {
	country_calling_codes: Record<string, CountryCode[]>;
};

/** The national (trunk) prefix of every region sharing each calling code, from the metadata. */
function nationalPrefixesByCallingCode(): Map<number, Map<CountryCode, string | undefined>> {
	const plans = new Metadata(metadata);
	const byCode = new Map<number, Map<CountryCode, string | undefined>>();
	for (const [callingCode, regions] of Object.entries(metadata.country_calling_codes)) {
		const prefixes = new Map<CountryCode, string | undefined>();
		for (const region of regions) {
			plans.selectNumberingPlan(region);
			// Typed loosely by libphonenumber-js; absent prefixes are stored as 0 in the min metadata.
			const plan = plans.numberingPlan as unknown as { nationalPrefix(): string | 0 | undefined };
			const prefix = plan.nationalPrefix();
			prefixes.set(region, typeof prefix === 'string' && prefix !== '' ? prefix : undefined);
		}
		byCode.set(Number(callingCode), prefixes);
	}
	return byCode;
}

describe('calling codes with a trunk prefix 0', () => {
	const byCode = nationalPrefixesByCallingCode();

	it("are the codes whose regions all dial 0 in libphonenumber-js's metadata", () => {
		const regenerated = [...byCode]
			.filter(([, prefixes]) => [...prefixes.values()].every((prefix) => prefix === '0'))
			.map(([callingCode]) => callingCode)
			.sort((a, b) => a - b);
		assert.ok(regenerated.length > 100, `only ${regenerated.length} codes found`);
		assert.deepEqual([...CALLING_CODES_WITH_TRUNK_ZERO], regenerated);
	});

	it('come from codes whose regions all agree on their national prefix', () => {
		// Shared codes (1, 7, 44, 61, 262, 590, 599, …) agree in metadata 9.0.45. Should regions of
		// a code ever disagree, decide for that code here and in trunkPrefixes.ts.
		const disagreeing = [...byCode]
			.filter(([, prefixes]) => new Set(prefixes.values()).size > 1)
			.map(([callingCode, prefixes]) => `${callingCode} ${JSON.stringify([...prefixes])}`);
		assert.deepEqual(disagreeing, []);
	});

	it('have two or three digits, where phone.ts looks for the trunk 0 after them', () => {
		assert.ok(
			CALLING_CODES_WITH_TRUNK_ZERO.every((callingCode) => callingCode >= 10 && callingCode <= 999),
		);
	});

	it('leave out the codes whose countries dial a national prefix other than 0', () => {
		const otherPrefixes = [...byCode]
			.filter(([, prefixes]) => [...prefixes.values()].some((prefix) => prefix && prefix !== '0'))
			.map(([callingCode, prefixes]) => `${callingCode}:${[...new Set(prefixes.values())].join()}`);
		assert.deepEqual(otherPrefixes.sort(), ['1:1', '36:06', '375:8', '692:1', '7:8', '993:8']);
		for (const callingCode of [1, 7, 36, 375, 692, 993, 39]) {
			assert.ok(!CALLING_CODES_WITH_TRUNK_ZERO.includes(callingCode), String(callingCode));
		}
	});
});
