/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- local tooling runs in Node and never ships in the package */
// What a running `npm install` is doing, for a progress line that stays true however long the
// install takes: the phase (resolving, downloading and unpacking, install scripts such as native
// builds) and a figure that keeps moving in that phase. npm's own log (at loglevel http) counts
// manifests and tarballs; `ps` shows the install scripts and the CPU they used; `du` measures
// node_modules. Where `ps` or `du` are missing the line simply says less.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join, sep } from 'node:path';

export function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return seconds < 60
		? `${seconds}s`
		: `${Math.floor(seconds / 60)}m${`${seconds % 60}`.padStart(2, '0')}s`;
}

async function run(command: string, args: string[]): Promise<string | undefined> {
	return await new Promise((resolve) => {
		execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
			resolve(error ? undefined : stdout),
		);
	});
}

/** `ps` CPU time: `[[dd-]hh:]mm:ss` on Linux, `m:ss.cc` on macOS. */
export function parseCpuTime(text: string): number {
	const [days, clock] = text.includes('-') ? text.split('-') : ['0', text];
	const seconds = clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);
	return Number(days) * 86_400 + (Number.isFinite(seconds) ? seconds : 0);
}

interface ProcessInfo {
	pid: number;
	ppid: number;
	/** CPU time as `ps` shows it: the process's own, not its finished children's. */
	cpuSeconds: number;
	args: string;
	/** The child of npm this process descends from: one install script. */
	script: number;
}

/** Every process below `root`, from one `ps` listing. */
async function descendants(root: number): Promise<ProcessInfo[] | undefined> {
	const listing = await run('ps', ['-A', '-o', 'pid=,ppid=,time=,args=']);
	if (listing === undefined) return undefined;
	const all: Array<Omit<ProcessInfo, 'script'>> = [];
	for (const line of listing.split('\n')) {
		const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
		if (match) {
			all.push({
				pid: Number(match[1]),
				ppid: Number(match[2]),
				cpuSeconds: parseCpuTime(match[3]),
				args: match[4],
			});
		}
	}
	const scriptOf = new Map<number, number>();
	const found: ProcessInfo[] = [];
	// Parents are usually listed before their children; repeat until nothing is added.
	for (let added = true; added; ) {
		added = false;
		for (const info of all) {
			if (scriptOf.has(info.pid)) continue;
			const script = info.ppid === root ? info.pid : scriptOf.get(info.ppid);
			if (script === undefined) continue;
			scriptOf.set(info.pid, script);
			found.push({ ...info, script });
			added = true;
		}
	}
	return found;
}

// Linux reports CPU time in clock ticks of USER_HZ, which is 100 on every common kernel build.
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds of a process and of the children it has already waited for (Linux). A compiler
 * run that ended still counts, through the `make` that started it.
 */
function cpuWithFinishedChildren(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after "pid (comm) ": state is field 3; utime, stime, cutime, cstime are 14-17.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
		return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : undefined;
	} catch {
		return undefined;
	}
}

/** The package whose script a process runs (Linux): npm starts scripts in the package's folder. */
function scriptPackage(pid: number): string | undefined {
	let cwd: string;
	try {
		cwd = readlinkSync(`/proc/${pid}/cwd`);
	} catch {
		return undefined;
	}
	const marker = `${sep}node_modules${sep}`;
	const at = cwd.lastIndexOf(marker);
	if (at < 0) return undefined;
	// A build runs in a subfolder (sqlite3/build); a scoped name has two parts.
	const [first, second] = cwd.slice(at + marker.length).split(sep);
	return first.startsWith('@') && second ? `${first}/${second}` : first;
}

// Programs of a native build, as `ps` names them (node-gyp sets its process title).
const NATIVE_BUILD = new Set([
	'node-gyp',
	'node-pre-gyp',
	'prebuild-install',
	'make',
	'gmake',
	'cc',
	'c++',
	'cc1',
	'cc1plus',
	'gcc',
	'g++',
	'clang',
	'clang++',
	'ld',
	'as',
]);

/** Whether a command line runs a build program, directly or as `node <program>`. */
function isNativeBuild(args: string): boolean {
	return args
		.split(/\s+/)
		.slice(0, 2)
		.some((word) => NATIVE_BUILD.has(basename(word)));
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export class InstallProgress {
	private manifests = 0;
	private tarballs = 0;
	private pending = '';
	/** CPU seconds per install script (child of npm), kept after it ends so the sum only grows. */
	private readonly scriptCpu = new Map<number, number>();
	private readonly scriptPackages = new Set<string>();

	constructor(
		private readonly home: string,
		private readonly started = Date.now(),
	) {}

	/** Feed npm's output (run with loglevel http): one line per manifest or tarball it fetched. */
	onOutput(chunk: Buffer | string): void {
		const lines = (this.pending + chunk.toString()).split('\n');
		this.pending = lines.pop() ?? '';
		for (const line of lines) {
			const fetched = /^npm http (fetch GET \d+|cache) (\S+)/.exec(line);
			if (!fetched) continue;
			if (/\/-\/[^/]+\.tgz$/.test(fetched[2])) this.tarballs++;
			else if (fetched[1] !== 'cache') this.manifests++;
		}
	}

	private async nodeModulesMegabytes(): Promise<number | undefined> {
		const modules = join(this.home, 'node_modules');
		if (!existsSync(modules)) return undefined;
		const output = await run('du', ['-sk', modules]);
		const kilobytes = Number(output?.split(/\s/)[0]);
		return Number.isFinite(kilobytes) && output ? Math.round(kilobytes / 1024) : undefined;
	}

	/** One line: elapsed time, what npm is doing, and how far it got. */
	async describe(npmPid: number | undefined): Promise<string> {
		const elapsed = formatDuration(Date.now() - this.started);
		const scripts = npmPid === undefined ? undefined : await descendants(npmPid);
		if (scripts && scripts.length > 0) {
			// A live process's time is not yet in any ancestor's, so the sum counts nothing twice.
			const perScript = new Map<number, number>();
			for (const process of scripts) {
				const cpu = cpuWithFinishedChildren(process.pid) ?? process.cpuSeconds;
				perScript.set(process.script, (perScript.get(process.script) ?? 0) + cpu);
				const name = scriptPackage(process.pid);
				if (name) this.scriptPackages.add(name);
			}
			for (const [script, cpu] of perScript) {
				this.scriptCpu.set(script, Math.max(this.scriptCpu.get(script) ?? 0, cpu));
			}
			const native = scripts.some((script) => isNativeBuild(script.args));
			const current = [...new Set(scripts.map((script) => scriptPackage(script.pid)))].filter(
				(name): name is string => name !== undefined,
			);
			const cpu = [...this.scriptCpu.values()].reduce((sum, seconds) => sum + seconds, 0);
			const what = native ? 'building native modules' : 'running install scripts';
			const names = current.length > 0 ? ` (${current.join(', ')})` : '';
			return `${elapsed}: ${what}${names}, ${formatDuration(cpu * 1000)} of CPU used by install scripts so far`;
		}
		const megabytes = await this.nodeModulesMegabytes();
		// npm runs install scripts after everything is unpacked; then it only writes its lockfile.
		if (this.scriptCpu.size > 0) {
			const size = megabytes !== undefined ? `, ${megabytes} MB in node_modules` : '';
			return `${elapsed}: finishing after the install scripts${size}`;
		}
		if (this.tarballs > 0 || megabytes !== undefined) {
			const figures = [
				...(this.tarballs > 0 ? [`${count(this.tarballs, 'tarball')} fetched`] : []),
				...(megabytes !== undefined ? [`${megabytes} MB in node_modules`] : []),
			];
			return `${elapsed}: downloading and unpacking packages, ${figures.join(', ')}`;
		}
		return `${elapsed}: resolving the dependency tree, ${count(this.manifests, 'package manifest')} fetched`;
	}

	/** Packages whose install scripts ran, as far as could be seen. */
	get packagesWithScripts(): string[] {
		return [...this.scriptPackages];
	}
}
