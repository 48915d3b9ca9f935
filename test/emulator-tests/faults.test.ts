import { useEmulator } from '../support/emulator';
import { assert, describe, it } from '../support/testing';
import { FaultController } from '../emulator/faults';
import type { Emulator } from '../emulator/server';
import {
	API,
	TOKENS,
	US,
	control,
	emailDigests,
	fetchFailure,
	getApi,
	pause,
	postApi,
	uploadDigests,
} from './test-helpers';

const CREATE_PATH = `${API}/dmp/custom_audience/create/`;
const USER_INFO_PATH = `${API}/user/info/`;

describe('emulator: fault injection', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	async function createBody(): Promise<Record<string, unknown>> {
		return {
			advertiser_id: US,
			custom_audience_name: 'Faulted',
			file_paths: [await uploadDigests(emulator, emailDigests(5))],
			calculate_type: 'EMAIL_SHA256',
		};
	}

	it('a TikTok code reply, with TikTok-like messages for the retryable codes', async () => {
		for (const code of [40100, 40133, 50000, 50002, 51003, 60001, 61000]) {
			emulator.faults.clear();
			emulator.faults.add({ path: USER_INFO_PATH, kind: 'code', code });
			const reply = await getApi(emulator, '/user/info/');
			assert.equal(reply.status, 200);
			assert.equal(reply.code, code);
			assert.ok(reply.message.length > 10);
			assert.deepEqual(reply.data, {});
		}
		emulator.faults.clear();
		emulator.faults.add({ path: '*', kind: 'code', code: 40050, message: 'Duplicated request.' });
		const custom = await getApi(emulator, '/user/info/');
		assert.equal(custom.code, 40050);
		assert.equal(custom.message, 'Duplicated request.');
	});

	it('an HTTP status before processing changes nothing', async () => {
		emulator.faults.add({ path: CREATE_PATH, kind: 'httpStatus', status: 503 });
		const response = await fetch(`${emulator.url}${CREATE_PATH}`, {
			method: 'POST',
			headers: { 'Access-Token': TOKENS.production, 'Content-Type': 'application/json' },
			body: JSON.stringify(await createBody()),
		});
		assert.equal(response.status, 503);
		assert.match(await response.text(), /503/);
		assert.equal(emulator.world.counters.audiencesCreated, 0);
		assert.equal(emulator.requests.at(-1)?.fault, 'httpStatus:503:before');
		assert.deepEqual(emulator.requests.at(-1)?.response, { httpStatus: 503 });
	});

	it("an HTTP status 'after' processes the request, then loses the reply", async () => {
		emulator.faults.add({ path: CREATE_PATH, kind: 'httpStatus', status: 500, phase: 'after' });
		const response = await fetch(`${emulator.url}${CREATE_PATH}`, {
			method: 'POST',
			headers: { 'Access-Token': TOKENS.production, 'Content-Type': 'application/json' },
			body: JSON.stringify(await createBody()),
		});
		assert.equal(response.status, 500);
		assert.equal(emulator.world.counters.audiencesCreated, 1);
		assert.equal(emulator.requests.at(-1)?.response?.code, 0);
	});

	it('a connection reset before processing changes nothing', async () => {
		emulator.faults.add({ path: CREATE_PATH, kind: 'reset' });
		const body = await createBody();
		await assert.rejects(postApi(emulator, '/dmp/custom_audience/create/', body));
		assert.equal(emulator.world.counters.audiencesCreated, 0);
		assert.equal(emulator.requests.at(-1)?.fault, 'reset:before');
	});

	it("a connection reset 'after' has changed state: a blind retry duplicates", async () => {
		emulator.faults.add({ path: CREATE_PATH, kind: 'reset', phase: 'after', nth: 1 });
		const body = await createBody();
		await assert.rejects(postApi(emulator, '/dmp/custom_audience/create/', body));
		assert.equal(emulator.world.counters.audiencesCreated, 1);
		assert.equal(
			emulator.world.audiences(US).filter((audience) => audience.name === 'Faulted').length,
			1,
		);
		const retry = await postApi(emulator, '/dmp/custom_audience/create/', body);
		assert.equal(retry.code, 0);
		assert.equal(
			emulator.world.audiences(US).filter((audience) => audience.name === 'Faulted').length,
			2,
		);
	});

	it('a delay, then normal processing', async () => {
		emulator.faults.add({ path: USER_INFO_PATH, kind: 'delay', ms: 150 });
		const started = performance.now();
		const reply = await getApi(emulator, '/user/info/');
		assert.ok(performance.now() - started >= 140);
		assert.equal(reply.code, 0);
		assert.equal(emulator.requests.at(-1)?.fault, 'delay:150');
	});

	it('nth and times: fires on consecutive matching calls only', async () => {
		emulator.faults.add({
			path: USER_INFO_PATH,
			method: 'GET',
			nth: 2,
			times: 2,
			kind: 'code',
			code: 40100,
		});
		const codes: number[] = [];
		for (let call = 0; call < 5; call++) codes.push((await getApi(emulator, '/user/info/')).code);
		assert.deepEqual(codes, [0, 40100, 40100, 0, 0]);
		assert.deepEqual(
			emulator.requests.map((request) => request.fault),
			[undefined, 'code:40100', 'code:40100', undefined, undefined],
		);
		const [state] = emulator.faults.list();
		assert.equal(state.matched, 5);
		assert.equal(state.fired, 2);
	});

	it('matches on method and environment', async () => {
		emulator.faults.add({ path: '*', environment: 'sandbox', kind: 'code', code: 40014 });
		emulator.faults.add({ path: '*', method: 'POST', kind: 'code', code: 50000 });
		assert.equal((await getApi(emulator, '/user/info/')).code, 0);
		const sandbox = await getApi(
			emulator,
			'/user/info/',
			{},
			{ sandbox: true, token: TOKENS.sandbox },
		);
		assert.equal(sandbox.code, 40014);
		const post = await postApi(emulator, '/dmp/custom_audience/delete/', {});
		assert.equal(post.code, 50000);
	});

	it('a path prefix ending in * matches', async () => {
		emulator.faults.add({ path: `${API}/dmp/*`, kind: 'code', code: 51003 });
		assert.equal((await getApi(emulator, '/user/info/')).code, 0);
		assert.equal(
			(await getApi(emulator, '/dmp/custom_audience/list/', { advertiser_id: US })).code,
			51003,
		);
	});

	it('seeded probability is deterministic', () => {
		const pattern = (seed: number): boolean[] => {
			const controller = new FaultController();
			controller.add({ path: '*', probability: 0.3, seed, kind: 'code', code: 40100 });
			return Array.from(
				{ length: 200 },
				() =>
					controller.evaluate({ method: 'GET', path: '/x/', environment: 'production' })
						.terminal !== undefined,
			);
		};
		const first = pattern(42);
		assert.deepEqual(pattern(42), first);
		assert.notDeepEqual(pattern(7), first);
		const rate = first.filter(Boolean).length / first.length;
		assert.ok(rate > 0.2 && rate < 0.4, `rate ${rate}`);
	});

	it('seeded probability over HTTP replays after reset', async () => {
		const run = async (): Promise<number[]> => {
			emulator.reset();
			emulator.faults.add({
				path: USER_INFO_PATH,
				probability: 0.5,
				seed: 3,
				kind: 'code',
				code: 40100,
			});
			const codes: number[] = [];
			for (let call = 0; call < 12; call++)
				codes.push((await getApi(emulator, '/user/info/')).code);
			return codes;
		};
		const first = await run();
		assert.deepEqual(await run(), first);
		assert.ok(first.includes(0) && first.includes(40100));
	});

	it('invalid rules are refused', () => {
		assert.throws(() => emulator.faults.add({ path: '*', kind: 'code', code: 1, probability: 2 }));
		assert.throws(() =>
			emulator.faults.add({ path: '*', kind: 'code', code: 1, probability: 0.5, nth: 1 }),
		);
		assert.throws(() => emulator.faults.add({ path: '*', kind: 'httpStatus', status: 42 }));
	});

	it('faults can be removed one by one; reset clears them', async () => {
		const id = emulator.faults.add({ path: '*', kind: 'code', code: 50000 });
		assert.equal(emulator.faults.remove(id), true);
		assert.equal((await getApi(emulator, '/user/info/')).code, 0);
		emulator.faults.add({ path: '*', kind: 'code', code: 50000 });
		emulator.reset();
		assert.deepEqual(emulator.faults.list(), []);
	});
});

describe('emulator: replies lost after TikTok acted', () => {
	let emulator!: Emulator;
	useEmulator((started) => (emulator = started));

	const NAME = 'Lost reply';

	async function createBody(): Promise<Record<string, unknown>> {
		return {
			advertiser_id: US,
			custom_audience_name: NAME,
			file_paths: [await uploadDigests(emulator, emailDigests(5))],
			calculate_type: 'EMAIL_SHA256',
		};
	}

	function sendCreate(body: unknown, signal?: AbortSignal): Promise<Response> {
		return fetch(`${emulator.url}${CREATE_PATH}`, {
			method: 'POST',
			headers: { 'Access-Token': TOKENS.production, 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			signal,
		});
	}

	const created = (): number =>
		emulator.world.audiences(US).filter((audience) => audience.name === NAME).length;

	it('an HTTP 502 after acting, on the next create only, set through the control API', async () => {
		const added = await control(emulator, 'POST', 'faults', {
			path: CREATE_PATH,
			nth: 1,
			times: 1,
			kind: 'httpStatus',
			status: 502,
			phase: 'after',
		});
		assert.equal(added.status, 200);
		const body = await createBody();
		const lost = await sendCreate(body);
		assert.equal(lost.status, 502);
		assert.match(await lost.text(), /502 Bad Gateway/);
		assert.equal(created(), 1, 'the audience exists although the client saw a 502');
		const record = emulator.requests.at(-1);
		assert.equal(record?.fault, 'httpStatus:502:after');
		assert.equal(record?.response?.code, 0, 'the recorded response is the lost success');

		const retry = await postApi(emulator, '/dmp/custom_audience/create/', body);
		assert.equal(retry.code, 0, 'the rule fired once');
		assert.equal(created(), 2, 'a blind resend makes a second audience');
		assert.equal(emulator.faults.list()[0].fired, 1);
	});

	it("a dropped connection 'after' acting: no reply at all, and the effect is in the world", async () => {
		await control(emulator, 'POST', 'faults', {
			path: CREATE_PATH,
			nth: 1,
			kind: 'drop',
			phase: 'after',
		});
		assert.equal(await fetchFailure(sendCreate(await createBody())), 'UND_ERR_SOCKET');
		assert.equal(created(), 1);
		assert.equal(emulator.requests.at(-1)?.fault, 'drop:after');
		assert.equal(emulator.requests.at(-1)?.response?.code, 0);
	});

	it("a dropped connection 'before' acting changes nothing", async () => {
		emulator.faults.add({ path: CREATE_PATH, kind: 'drop' });
		assert.equal(await fetchFailure(sendCreate(await createBody())), 'UND_ERR_SOCKET');
		assert.equal(created(), 0);
		assert.equal(emulator.requests.at(-1)?.fault, 'drop:before');
		assert.equal(emulator.requests.at(-1)?.response, undefined);
	});

	it('a reset and a drop look different to the client: ECONNRESET and a closed socket', async () => {
		emulator.faults.add({ path: USER_INFO_PATH, nth: 1, kind: 'reset', phase: 'after' });
		emulator.faults.add({ path: USER_INFO_PATH, nth: 2, kind: 'drop', phase: 'after' });
		const call = (): Promise<Response> =>
			fetch(`${emulator.url}${USER_INFO_PATH}`, {
				headers: { 'Access-Token': TOKENS.production },
			});
		assert.equal(await fetchFailure(call()), 'ECONNRESET');
		assert.equal(await fetchFailure(call()), 'UND_ERR_SOCKET');
		assert.equal((await getApi(emulator, '/user/info/')).code, 0);
	});

	it("a slow reply 'after' acting outlasts a client timeout: the effect is already there", async () => {
		emulator.faults.add({ path: CREATE_PATH, nth: 1, kind: 'delay', ms: 400, phase: 'after' });
		const outcome = await fetchFailure(sendCreate(await createBody(), AbortSignal.timeout(100)));
		assert.equal(outcome, 'TimeoutError');
		assert.equal(created(), 1, 'TikTok acted before the client gave up');
		assert.equal(emulator.requests.at(-1)?.fault, 'delay:400:after');
	});

	it("a slow reply 'before' acting outlasts a client timeout: the effect lands later", async () => {
		emulator.faults.add({ path: CREATE_PATH, nth: 1, kind: 'delay', ms: 300 });
		const outcome = await fetchFailure(sendCreate(await createBody(), AbortSignal.timeout(100)));
		assert.equal(outcome, 'TimeoutError');
		assert.equal(created(), 0, 'nothing yet when the client gives up');
		await pause(400);
		assert.equal(created(), 1, 'the request still took effect once the delay ended');
		assert.equal(emulator.requests.at(-1)?.response?.code, 0);
	});

	it('a reset of the emulator abandons a request still waiting on a delay', async () => {
		emulator.faults.add({ path: CREATE_PATH, kind: 'delay', ms: 60_000 });
		const pending = fetchFailure(sendCreate(await createBody()));
		while (emulator.requests.length < 2) await pause(5);
		const started = performance.now();
		emulator.reset();
		assert.equal(await pending, 'UND_ERR_SOCKET');
		assert.ok(performance.now() - started < 1000);
		await pause(50);
		assert.equal(created(), 0, 'the abandoned request never reaches the fresh world');
		assert.equal(emulator.requests.length, 0);
	});

	it('refuses rules that cannot fire as written', async () => {
		for (const rule of [
			{ path: '*', kind: 'code', code: 50000, phase: 'after' },
			{ path: '*', kind: 'drop', phase: 'during' },
			{ path: '*', kind: 'delay', ms: -1 },
			{ path: '*', kind: 'delay', ms: 10, phase: 'later' },
		]) {
			assert.equal(
				(await control(emulator, 'POST', 'faults', rule)).status,
				400,
				JSON.stringify(rule),
			);
		}
	});
});
