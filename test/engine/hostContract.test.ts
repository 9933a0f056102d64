// The test host's model of Rocket.Chat core, asserted rule by rule through the same accessors an
// app uses (built in Node on the host's bridges): each rule here is one core enforces, named in
// test/support/engine/README.md with the core file it comes from. A kinder model would let the
// app's engine tests pass where a real workspace fails.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ILivechatMessage, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { startEngineHost } from '../support/engine';
import type { EngineHost } from '../support/engine';

describe(`the test host follows core's rules (${process.env.EMAIL_INBOXES_RUNTIME ?? 'deno-2.3'})`, () => {
    let host: EngineHost;
    let read: IRead;
    let modify: IModify;
    let persistence: IPersistence;
    let http: IHttp;
    let salesId: string;
    let web: Server;
    let webUrl: string;
    const received: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];

    const visitor = async (email: string, extra: Partial<IVisitor> = {}): Promise<IVisitor> => {
        const created = await modify
            .getCreator()
            .getLivechatCreator()
            .createAndReturnVisitor({
                token: randomUUID(),
                username: `v-${randomUUID().slice(0, 8)}`,
                name: email,
                visitorEmails: [{ address: email }],
                ...extra,
            } as IVisitor);
        assert.ok(created, 'a visitor');
        return created;
    };
    const openRoom = async (guest: IVisitor, customFields?: Record<string, string>) =>
        modify
            .getCreator()
            .getLivechatCreator()
            .createRoom(guest, undefined as unknown as IUser, { source: { type: 'app', label: 'Email' } as ILivechatRoom['source'], customFields });
    const post = async (room: ILivechatRoom, guest: IVisitor, text: string, data: Partial<ILivechatMessage> = {}) =>
        modify.getCreator().finish(
            modify
                .getCreator()
                .startLivechatMessage(data as ILivechatMessage)
                .setRoom(room)
                .setVisitor(guest)
                .setText(text),
        );
    const upload = async (room: ILivechatRoom, token: string, filename: string, bytes = 10) =>
        modify.getCreator().getUploadCreator().uploadBuffer(Buffer.alloc(bytes, 65), { filename, room, visitorToken: token });
    const readRoom = async (id: string) => (await read.getRoomReader().getById(id)) as ILivechatRoom;

    before(async () => {
        host = await startEngineHost();
        host.users.add({ username: 'admin', roles: ['admin'] });
        salesId = host.departments.add({ name: 'Sales' }).id;
        host.users.add({ username: 'jane', roles: ['livechat-agent'], departments: [salesId] });
        await host.installApp();
        ({ read, modify, persistence, http } = host.appAccessors());
        web = await startWebServer(received);
        webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    });

    after(async () => {
        await host?.stop();
        web?.close();
    });

    it('refuses message custom fields unless the admin enabled them, then only the fields of their schema', async () => {
        const guest = await visitor('custom@example.net');
        const room = await openRoom(guest);
        await assert.rejects(post(room, guest, 'hi', { customFields: { emailMessageId: 'x' } }), /Custom fields not enabled/);
        host.state.setSetting('Message_CustomFields_Enabled', true);
        await assert.rejects(post(room, guest, 'hi', { customFields: { emailMessageId: 'x' } }), /Invalid custom fields/);
        await post(room, guest, 'hi', { customFields: { priority: 'high' } });
        host.state.setSetting('Message_CustomFields_Enabled', false);
    });

    it('lets an app choose no message id: the engine drops it and core makes its own', async () => {
        const guest = await visitor('id@example.net');
        const room = await openRoom(guest);
        const id = await post(room, guest, 'mine', { id: 'chosen-by-app' } as Partial<ILivechatMessage>);
        assert.notEqual(id, 'chosen-by-app');
    });

    it('puts a visitor message sent to a closed room into a new room of the visitor, plain app source, the closed room left closed', async () => {
        const guest = await visitor('closed@example.net', { department: salesId });
        const room = await openRoom(guest);
        await host.closeRoom(room.id, 'jane');
        const closed = await readRoom(room.id);
        assert.equal(closed.isOpen, undefined, 'closing unsets `open`: the converter gives no isOpen at all');
        assert.equal(closed.closer, 'user');
        const messageId = await post(closed, guest, 'are you there?');
        const landed = await read.getMessageReader().getRoom(messageId);
        assert.ok(landed && landed.id !== room.id, 'a new room');
        const fresh = (await readRoom(landed.id)) as ILivechatRoom;
        assert.equal(fresh.isOpen, true);
        assert.equal(fresh.department?.id, salesId);
        assert.deepEqual({ ...fresh.source, id: undefined }, { type: 'app', id: undefined, alias: 'email-inboxes' }, 'no label, no icons');
        assert.deepEqual(
            host.systemMessages(landed.id).map((message) => message.type),
            ['livechat-started'],
        );
        assert.equal((await readRoom(room.id)).isOpen, undefined);
    });

    it("refuses a visitor's message into an open room opened with another token", async () => {
        const guest = await visitor('token@example.net');
        const room = await openRoom(guest);
        await assert.rejects(post(room, { ...guest, token: 'another' }, 'hi'), /cannot-access-room/);
    });

    it('gives a visitor found by email the new token, keeps one found by phone, lower-cases the address and checks the department', async () => {
        const first = await visitor(' Mixed@Example.NET ');
        assert.equal(first.visitorEmails?.[0]?.address, 'mixed@example.net');
        const again = await visitor('mixed@example.net');
        assert.equal(again.id, first.id, 'the same visitor');
        assert.notEqual(again.token, first.token, 'with the new token');
        assert.equal(again.username, first.username, 'username kept');
        const phoned = await visitor('phone-1@example.net', { phone: [{ phoneNumber: '+491234' }] });
        const byPhone = await visitor('phone-2@example.net', { phone: [{ phoneNumber: '+491234' }] });
        assert.equal(byPhone.id, phoned.id);
        assert.equal(byPhone.token, phoned.token, 'found by phone: token kept');
        await assert.rejects(visitor('dept@example.net', { department: 'No such department' }), /error-invalid-department/);
        assert.equal((await visitor('dept@example.net', { department: 'Sales' })).department, salesId, 'a name is stored as the id');
    });

    it('opens no chat while no agent is online (Livechat_accept_chats_with_no_agents is off by default), following the fallback department', async () => {
        const jane = host.users.get('jane');
        jane.status = 'offline';
        await assert.rejects(openRoom(await visitor('nobody@example.net')), /no-agent-online/);
        await assert.rejects(openRoom(await visitor('nobody-sales@example.net', { department: salesId })), /no-agent-online/);
        jane.status = 'online';
        const night = host.departments.add({ name: 'Night', fallbackForwardDepartment: salesId });
        const room = await openRoom(await visitor('night@example.net', { department: night.id }));
        assert.equal(room.department?.id, salesId, 'no agent in Night: its fallback takes the chat');
        const assigned = await openRoom(await visitor('no-department@example.net'));
        assert.equal(assigned.department?.id, salesId, 'without a department, the first with an agent online');
        assert.equal(assigned.servedBy?.username, 'jane', 'Auto_Selection routes to the online agent');
    });

    it("lists an agent's open rooms with their departments (bridges/livechat.ts findOpenRoomsByAgentId: LivechatRooms.findOpenByAgent, rooms converted), the only trace of an agent's departments an app can read", async () => {
        const jane = host.users.get('jane');
        const served = await read.getLivechatReader().getLivechatOpenRoomsByAgentId(jane.id);
        assert.ok(served.length > 0);
        assert.ok(served.every((room) => room.isOpen && room.servedBy?.id === jane.id && room.department?.id === salesId));
        await assert.rejects(read.getLivechatReader().getLivechatOpenRoomsByAgentId(''), /Invalid agentId/);
    });

    it('hands a room asked for with an agent to them when available, else routes it (Auto_Selection) or queues it for them (Manual_Selection); only who may write there posts as a user', async () => {
        const jane = host.users.get('jane');
        const admin = host.users.get('admin');
        const bob = host.users.add({ username: 'bob', roles: ['livechat-agent'], departments: [salesId] });
        const withAgent = async (email: string, agent: IUser) =>
            modify
                .getCreator()
                .getLivechatCreator()
                .createRoom(await visitor(email, { department: salesId }), agent, { source: { type: 'app', label: 'Email' } as ILivechatRoom['source'] });
        const postAs = (room: ILivechatRoom, user: IUser) =>
            modify.getCreator().finish(modify.getCreator().startMessage().setRoom(room).setSender(user).setText('hi'));
        try {
            const own = await withAgent('agent-1@example.net', jane);
            assert.equal(own.servedBy?.username, 'jane', 'available: the room is hers');
            await postAs(own, jane);
            await assert.rejects(postAs(own, bob), /error-not-allowed/, 'another agent may not write in it');

            host.state.statusLivechat.set(jane.id, 'not-available');
            const routed = await withAgent('agent-2@example.net', jane);
            assert.equal(routed.servedBy?.username, 'bob', 'not available: delegateInquiry asks the routing method for the next agent');
            await assert.rejects(postAs(routed, jane), /error-not-allowed/);
            await postAs(routed, admin);
            bob.status = 'offline';
            const nobody = await withAgent('agent-3@example.net', jane);
            assert.equal(nobody.servedBy, undefined, 'nobody available: the room waits, no "no online agents" with an agent named');
            assert.equal(host.state.inquiries.get(nobody.id)?.status, 'ready');

            host.state.statusLivechat.delete(jane.id);
            host.state.setSetting('Livechat_Routing_Method', 'Manual_Selection');
            const queued = await withAgent('agent-4@example.net', jane);
            assert.equal(queued.servedBy, undefined, 'Manual_Selection queues it');
            assert.deepEqual(host.state.inquiries.get(queued.id), { status: 'queued', defaultAgentId: jane.id, departmentId: salesId });
            await postAs(queued, jane);
        } finally {
            host.state.setSetting('Livechat_Routing_Method', 'Auto_Selection');
            host.state.statusLivechat.delete(jane.id);
            bob.status = 'offline';
            host.state.departmentAgents.get(salesId)?.delete(bob.id);
        }
    });

    it("drops an app's room custom fields (community edition)", async () => {
        const room = await openRoom(await visitor('fields@example.net'), { emailInboxId: 'x' });
        assert.equal((await readRoom(room.id)).customFields, undefined);
    });

    it('refuses uploads into a closed room, over FileUpload_MaxFileSize, of a blocked media type, or by another visitor', async () => {
        const guest = await visitor('files@example.net');
        const room = await openRoom(guest);
        const accepted = await upload(room, guest.token, 'ok.txt');
        assert.equal(accepted.type, 'text/plain', 'the type comes from the name');
        await assert.rejects(upload(room, 'someone-else', 'a.txt'), /invalid-file/);
        await assert.rejects(upload(room, guest.token, 'logo.svg'), /error-invalid-file-type/, 'image/svg+xml is blacklisted by default');
        host.state.setSetting('FileUpload_MaxFileSize', 5);
        await assert.rejects(upload(room, guest.token, 'big.txt', 6), /error-file-too-large/);
        host.state.setSetting('FileUpload_MaxFileSize', 104_857_600);
        host.state.setSetting('FileUpload_MediaTypeWhiteList', 'image/*');
        await assert.rejects(upload(room, guest.token, 'a.pdf'), /error-invalid-file-type/);
        await upload(room, guest.token, 'photo.png');
        host.state.setSetting('FileUpload_MediaTypeWhiteList', '');
        await host.closeRoom(room.id, 'jane');
        await assert.rejects(upload(room, guest.token, 'late.txt'), /invalid-file/);
    });

    it("hands a visitor's message over with a sender of type 'unknown', and leaves livechat-started out of the transcript", async () => {
        const guest = await visitor('sender@example.net');
        const room = await openRoom(guest);
        const id = await post(room, guest, 'who am I?');
        assert.equal((await read.getMessageReader().getById(id))?.sender.type, 'unknown');
        const transcript = await read.getLivechatReader()._fetchLivechatRoomMessages(room.id);
        assert.deepEqual(
            transcript.map((message) => message.text),
            ['who am I?'],
        );
    });

    it('closes a room only once, and only with a comment (Livechat_request_comment_when_closing_conversation)', async () => {
        const room = await openRoom(await visitor('close@example.net'));
        await assert.rejects(host.closeRoom(room.id, 'jane', ' '), /error-comment-is-required/);
        await host.closeRoom(room.id, 'jane');
        await assert.rejects(host.closeRoom(room.id, 'jane'), /error-room-closed/);
    });

    it('keeps both records when two upserts of the same associations run at the same moment (no unique index)', async () => {
        const association = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `race-${randomUUID()}`);
        await Promise.all([
            persistence.updateByAssociations([association], { writer: 'a' }, true),
            persistence.updateByAssociations([association], { writer: 'b' }, true),
        ]);
        assert.equal((await read.getPersistenceReader().readByAssociations([association])).length, 2);
    });

    it('answers undefined, not [], when removing by associations matches nothing', async () => {
        const association = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `nothing-${randomUUID()}`);
        assert.equal(await persistence.removeByAssociations([association]), undefined);
    });

    it('serves core\'s apps API at Site_Url: 404 "Not Found" for an app without endpoints, finalhandler\'s 404 elsewhere', async () => {
        assert.equal(host.state.setting('Site_Url'), host.siteUrl);
        assert.match(host.siteUrl, /^http:\/\/127\.0\.0\.1:\d+$/, 'no trailing slash, as ROOT_URL');
        const noApp = await fetch(`${host.siteUrl}/api/apps/public/no-such-app/oauth/callback`);
        assert.equal(noApp.status, 404);
        assert.equal(await noApp.text(), 'Not Found');
        assert.equal((await fetch(`${host.siteUrl}/api/apps/private/no-such-app/hash/x`)).status, 404);
        const elsewhere = await fetch(`${host.siteUrl}/home`);
        assert.equal(elsewhere.status, 404);
        assert.match(await elsewhere.text(), /Cannot GET \/home/);
    });

    it("sends an app's params as the query of a GET or of a request with a body, else as a form body; data as JSON; auth as Basic", async () => {
        await http.get(`${webUrl}/q?keep=1`, { params: { a: 'x y', empty: '' }, content: 'dropped' });
        assert.deepEqual(pick(received.at(-1)), { method: 'GET', url: '/q?keep=1&a=x+y', body: '', type: undefined });
        await http.post(`${webUrl}/form`, { params: { a: 'x y' } });
        assert.deepEqual(pick(received.at(-1)), { method: 'POST', url: '/form', body: 'a=x+y', type: 'application/x-www-form-urlencoded' });
        await http.post(`${webUrl}/empty`);
        assert.deepEqual(
            pick(received.at(-1)),
            { method: 'POST', url: '/empty', body: '', type: 'application/x-www-form-urlencoded' },
            'the runtime always passes params {}',
        );
        await http.put(`${webUrl}/json`, { data: { n: 1 }, params: { p: '2' } });
        assert.deepEqual(pick(received.at(-1)), { method: 'PUT', url: '/json?p=2', body: '{"n":1}', type: 'application/json' });
        await http.patch(`${webUrl}/raw`, { content: 'text', headers: { 'Content-Type': 'text/csv' }, auth: 'user:pa:ss' });
        const last = received.at(-1);
        assert.deepEqual(pick(last), { method: 'PATCH', url: '/raw', body: 'text', type: 'text/csv' }, 'the method upper-cased, as node-fetch sends it');
        assert.equal(last?.headers.authorization, `Basic ${Buffer.from('user:pa:ss').toString('base64')}`);
        await assert.rejects(http.get(`${webUrl}/q`, { auth: 'no-colon' }), /auth option should be of the form "username:password"/);
    });

    it('answers { url, method, statusCode, headers, content, data }: data only for JSON types, Set-Cookie joined, a Buffer for encoding null', async () => {
        const json = await http.get(`${webUrl}/answer/json`, { params: { x: '1' } });
        assert.equal(json.url, `${webUrl}/answer/json`, 'the URL the app asked for, without the params added');
        assert.equal(json.method, 'get');
        assert.equal(json.statusCode, 201);
        assert.equal(json.content, '{"ok":true}');
        assert.deepEqual(json.data, { ok: true });
        assert.equal(json.headers?.['set-cookie'], 'a=1, b=2');
        assert.equal((await http.get(`${webUrl}/answer/text`)).data, null, 'text/plain is not parsed');
        assert.equal((await http.get(`${webUrl}/answer/bad-json`)).data, null, 'JSON that does not parse');
        const bytes = await http.get(`${webUrl}/answer/bytes`, { encoding: null });
        assert.ok(Buffer.isBuffer(bytes.content));
        assert.deepEqual([...(bytes.content as unknown as Buffer)], [0, 255, 7]);
        assert.equal(bytes.data, undefined);
    });

    it("follows up to 5 redirects with the same method and body, and ends a call after its timeout with node-fetch's error", async () => {
        const redirected = await http.post(`${webUrl}/redirect/303`, { content: 'again' });
        assert.equal(redirected.statusCode, 200);
        assert.deepEqual(pick(received.at(-1)), { method: 'POST', url: '/after-redirect', body: 'again', type: 'text/plain;charset=UTF-8' });
        await http.get(`${webUrl}/redirect/chain/5`);
        await assert.rejects(http.get(`${webUrl}/redirect/chain/6`), /error-too-many-redirects/);
        await assert.rejects(http.get(`${webUrl}/slow`, { timeout: 200 }), /The user aborted a request\./);
        const closed = createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
        await new Promise((resolve) => closed.close(resolve));
        await assert.rejects(http.get(closedUrl), new RegExp(`request to ${closedUrl} failed, reason: connect ECONNREFUSED`));
    });

    it('checks SSRF only when the app asks (ssrfValidation), then refuses loopback unless SSRF_Allowlist names it', async () => {
        assert.equal((await http.get(`${webUrl}/answer/text`)).statusCode, 200, 'ignored by default');
        await assert.rejects(http.get(`${webUrl}/answer/text`, { ssrfValidation: true }), /error-ssrf-validation-failed/);
        host.state.setSetting('SSRF_Allowlist', `example.org, ${new URL(webUrl).host}`);
        assert.equal((await http.get(`${webUrl}/answer/text`, { ssrfValidation: true })).statusCode, 200);
        host.state.setSetting('SSRF_Allowlist', '');
    });

    // Core's scheduler (bridges/scheduler.ts over packages/agenda), through the engine's own
    // scheduler accessor: each rule is asserted on fake timers in test/unit/support/agendaScheduler.test.ts;
    // here the ones a test can see quickly in the real engine.
    it('starts a one-off job due now at once, not at the next 5 s scan (Agenda.ts _processDbResult, _lockOnTheFly)', async () => {
        await host.settle();
        const before = host.jobRuns().length;
        const scheduledAt = Date.now();
        await modify.getScheduler().scheduleOnce({ id: 'email-inboxes-outbox', when: new Date() });
        await host.settle();
        const [run] = host.jobRuns().slice(before);
        assert.equal(run?.trigger, 'scheduler');
        assert.ok(run.startedAt.getTime() - scheduledAt < 1_000, `started ${run.startedAt.getTime() - scheduledAt} ms after it was scheduled`);
    });

    it('runs a recurring job at the start of its last run + interval, one run at a time (Job.ts computeNextRunAt, scheduler.ts defaultConcurrency)', async () => {
        const scheduler = modify.getScheduler();
        const before = host.jobRuns().length;
        try {
            // As the app does: without the cancel, `every` keeps the stored job's nextRunAt (Agenda.ts _saveSingleJob).
            await scheduler.cancelJob('email-inboxes-outbox');
            await scheduler.scheduleRecurring({ id: 'email-inboxes-outbox', interval: '1 second', skipImmediate: false });
            await new Promise((resolve) => setTimeout(resolve, 2_500));
        } finally {
            await scheduler.cancelJob('email-inboxes-outbox');
            await scheduler.scheduleRecurring({ id: 'email-inboxes-outbox', interval: '60 seconds', skipImmediate: true });
        }
        await host.settle();
        const starts = host
            .jobRuns()
            .slice(before)
            .filter((run) => run.trigger === 'scheduler' && run.id.startsWith('email-inboxes-outbox_'))
            .map((run) => run.startedAt.getTime());
        assert.ok(starts.length >= 3, `at 0, 1 and 2 s: ${starts.length} runs`);
        for (const [index, start] of starts.slice(1).entries()) {
            const gap = start - starts[index];
            assert.ok(gap >= 1_000 && gap < 1_500, `1 s after the previous start, not after its end or a scan (${gap} ms)`);
        }
        assert.equal(host.recurringJobs()['email-inboxes-outbox'], 60_000);
    });
});

/** A web server of the test's own: records every request, answers by path. */
async function startWebServer(received: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }>): Promise<Server> {
    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
            const url = req.url ?? '/';
            if (!url.startsWith('/answer') && !url.startsWith('/redirect/chain')) {
                received.push({ method: req.method, url, headers: req.headers, body: Buffer.concat(chunks).toString() });
            }
            const chain = /^\/redirect\/chain\/(\d+)/.exec(url);
            if (chain) {
                const left = Number(chain[1]);
                res.writeHead(left > 0 ? 302 : 200, left > 0 ? { Location: `/redirect/chain/${left - 1}` } : {});
                res.end();
            } else if (url.startsWith('/redirect/303')) {
                res.writeHead(303, { Location: '/after-redirect' }).end();
            } else if (url.startsWith('/answer/json')) {
                res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Set-Cookie': ['a=1', 'b=2'] }).end('{"ok":true}');
            } else if (url.startsWith('/answer/bad-json')) {
                res.writeHead(200, { 'Content-Type': 'application/json' }).end('{oops');
            } else if (url.startsWith('/answer/bytes')) {
                res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.from([0, 255, 7]));
            } else if (url.startsWith('/slow')) {
                setTimeout(() => res.end('late'), 2000).unref();
            } else {
                res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
            }
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
}

function pick(request?: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }) {
    return { method: request?.method, url: request?.url, body: request?.body, type: request?.headers['content-type'] };
}
