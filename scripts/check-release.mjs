// Run by .github/workflows/publish.yml before publishing: npm refuses a provenance publish whose
// repository.url names another repository than the one building it, trusted publishing needs npm
// 11.5.1 or newer, and a tag that is not the package's version would publish something else than
// it names. Plain Node, so that it runs before the dependencies are installed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oldest npm that publishes through GitHub's OIDC token without an npm token. */
export const TRUSTED_PUBLISHING_NPM = [11, 5, 1];

const atLeast = (version, minimum) => {
	const parts = version.split('.').map((part) => Number.parseInt(part, 10));
	for (let index = 0; index < minimum.length; index++) {
		if ((parts[index] ?? 0) !== minimum[index]) return (parts[index] ?? 0) > minimum[index];
	}
	return true;
};

const withoutDecoration = (url) =>
	url
		.replace(/^git\+/, '')
		.replace(/\.git$/, '')
		.replace(/\/$/, '')
		.toLowerCase();

/**
 * What keeps this tag from being published with provenance: an empty list when nothing does.
 * `github` holds GITHUB_REF_NAME, GITHUB_SERVER_URL and GITHUB_REPOSITORY; `npmVersion` is
 * `npm --version`; `trusted` whether npm authenticates through OIDC (no npm token).
 */
export function releaseProblems(manifest, github, npmVersion, trusted) {
	const problems = [];
	if (github.GITHUB_REF_NAME !== manifest.version) {
		problems.push(
			`the tag ${github.GITHUB_REF_NAME} is not the package version ${manifest.version}`,
		);
	}
	const expected = `${github.GITHUB_SERVER_URL}/${github.GITHUB_REPOSITORY}`;
	const url = typeof manifest.repository === 'string' ? '' : (manifest.repository?.url ?? '');
	if (withoutDecoration(url) !== withoutDecoration(expected)) {
		problems.push(`package.json repository.url is "${url}"; provenance needs ${expected}`);
	}
	if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) {
		problems.push('package.json has runtime dependencies; verified community nodes have none');
	}
	if (!atLeast(npmVersion, [9, 5, 0])) {
		problems.push(`npm ${npmVersion} cannot publish with provenance (needs 9.5.0)`);
	} else if (trusted && !atLeast(npmVersion, TRUSTED_PUBLISHING_NPM)) {
		problems.push(
			`npm ${npmVersion} cannot use trusted publishing (needs ${TRUSTED_PUBLISHING_NPM.join('.')})`,
		);
	}
	return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const root = join(dirname(fileURLToPath(import.meta.url)), '..');
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const [npmVersion = ''] = process.argv.slice(2);
	const problems = releaseProblems(manifest, process.env, npmVersion, !process.env.NODE_AUTH_TOKEN);
	if (problems.length > 0) {
		console.error(`Not publishing:\n- ${problems.join('\n- ')}`);
		process.exit(1);
	}
	console.log(`Publishing ${manifest.name}@${manifest.version} with npm ${npmVersion}`);
}
