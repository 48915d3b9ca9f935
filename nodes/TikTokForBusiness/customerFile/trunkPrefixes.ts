/**
 * Country calling codes whose numbering plans dial a national (trunk) prefix "0" before the
 * national number, which E.164 leaves out (+44 20 …, dialled 020 … inside the UK). Source:
 * Google's libphonenumber metadata 9.0.45 (`national_prefix` of every region sharing the code), as
 * libphonenumber-js 1.13.18 ships it. test/unit/customerFile/trunkPrefixes.test.ts rebuilds the
 * list from that metadata and fails when they differ.
 *
 * Left out on purpose: codes without a trunk prefix (Italy 39 keeps its 0: +39 06 …), and those
 * whose prefix is not "0": 1 and 692 ("1"), 7, 375 and 993 ("8"), 36 ("06").
 */
export const CALLING_CODES_WITH_TRUNK_ZERO: readonly number[] = [
	20, 27, 31, 32, 33, 40, 41, 43, 44, 46, 49, 51, 53, 54, 55, 57, 58, 60, 61, 62, 63, 64, 66, 81,
	82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 218, 231, 232, 233, 234, 243, 249, 250,
	251, 252, 254, 255, 256, 260, 261, 262, 263, 264, 265, 291, 353, 355, 358, 359, 370, 373, 374,
	377, 380, 381, 382, 383, 385, 386, 387, 389, 421, 423, 508, 590, 591, 593, 594, 595, 596, 598,
	686, 850, 855, 856, 880, 886, 961, 962, 963, 964, 966, 967, 970, 971, 972, 976, 977, 994, 995,
	996,
];
