import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatSize } from '../../../src/i18n/formatSize';
import { chooseRoom } from '../../../src/omnichannel/domain/chooseRoom';
import { formatInboundMessage } from '../../../src/inbound/domain/formatInboundMessage';
import { inboundEmail } from '../../support/inboundEmail';

const labels = {
    cc: 'CC:',
    noText: '(no text)',
    continues: (id: string) => `continues ${id}`,
    unreadable: (warnings: string) => `unreadable: ${warnings}`,
    skippedFile: (name: string, size: string, limit: string) => `skipped ${name} ${size}/${limit}`,
    overCount: (count: number, names: string) => `over ${count}: ${names}`,
    sentAt: (utc: string) => `sent ${utc}`,
    truncated: '(cut: see file)',
    partlyRead: (sizeMb: string) => `partly read, ${sizeMb} MB`,
    writtenBy: (who: string) => `written by ${who}`,
};
const now = new Date('2026-11-24T12:00:00Z');

const email = inboundEmail({
    messageId: 'm@example.net',
    cc: [{ address: 'boss@example.net', name: 'The Boss' }],
    subject: 'Printer @all',
    text: 'It burns.\n\nOn Mon, Support wrote:\n> hello',
    rawSize: 10,
});

describe('chooseRoom', () => {
    it('prefers the open threaded room, then the open room of the visitor, else a new one', () => {
        assert.deepEqual(chooseRoom({ threadedRoom: { id: 'r1', isOpen: true }, openRoomOfVisitor: 'r2' }), { kind: 'existing', roomId: 'r1' });
        assert.deepEqual(chooseRoom({ threadedRoom: { id: 'r1', isOpen: false }, openRoomOfVisitor: 'r2' }), { kind: 'existing', roomId: 'r2' });
        assert.deepEqual(chooseRoom({ threadedRoom: { id: 'r1', isOpen: false } }), { kind: 'new', continuesRoomId: 'r1' });
        assert.deepEqual(chooseRoom({}), { kind: 'new' });
    });
});

describe('formatInboundMessage', () => {
    it('shows the subject first in a new room, the CC list, the new text, and keeps the quote aside', () => {
        const formatted = formatInboundMessage(email, {
            firstInRoom: true,
            stripQuoted: true,
            skipped: [],
            limitBytes: 20_971_520,
            labels,
            now,
            maxLength: 5000,
        });
        assert.match(formatted.text, /^\*Printer @\u200Dall\*\n\nCC: The Boss <boss@example\.net>\n\nIt burns\.$/);
        assert.equal(formatted.fullTextAsFile, true, 'the quoted history is kept as a file');
    });

    it('names files that were too large, warnings, and the conversation it continues', () => {
        const formatted = formatInboundMessage(
            { ...email, cc: [], parseWarnings: ['broken boundary'] },
            {
                firstInRoom: false,
                stripQuoted: false,
                continuesRoomId: 'old',
                skipped: [{ filename: 'big.iso', size: 31_457_280 }],
                limitBytes: 20_971_520,
                labels,
                now,
                maxLength: 5000,
            },
        );
        assert.equal(formatted.text.split('\n\n')[0], 'continues old');
        assert.match(formatted.text, /unreadable: broken boundary/);
        assert.match(formatted.text, /skipped big\.iso 30 MB\/20 MB/);
        assert.equal(formatted.fullTextAsFile, false);
    });

    it('says when a mail was sent if it reaches the room more than an hour later', () => {
        const late = formatInboundMessage(
            { ...email, cc: [], date: new Date('2026-10-01T09:05:00Z') },
            { firstInRoom: false, stripQuoted: false, skipped: [], limitBytes: 20_971_520, labels, now, maxLength: 5000 },
        );
        assert.match(late.text, /^sent 2026-10-01 09:05 UTC\n\nIt burns\./);
        const fresh = formatInboundMessage(
            { ...email, cc: [], date: new Date('2026-11-24T11:30:00Z') },
            { firstInRoom: false, stripQuoted: false, skipped: [], limitBytes: 20_971_520, labels, now, maxLength: 5000 },
        );
        assert.doesNotMatch(fresh.text, /sent/);
    });

    it('cuts a mail longer than a chat message at a line end, within the limit, and keeps the full text as a file', () => {
        const lines = Array.from({ length: 400 }, (_, index) => `Log line ${index}: @here something happened`);
        const formatted = formatInboundMessage(
            { ...email, text: lines.join('\n') },
            {
                firstInRoom: true,
                stripQuoted: false,
                skipped: [{ filename: 'big.iso', size: 31_457_280 }],
                limitBytes: 20_971_520,
                labels,
                now,
                maxLength: 5000,
            },
        );
        assert.ok(formatted.text.length <= 5000, `${formatted.text.length} characters`);
        assert.equal(formatted.fullTextAsFile, true);
        assert.match(formatted.text, /^\*Printer @\u200Dall\*/);
        assert.match(
            formatted.text,
            /Log line \d+: @\u200Dhere something happened\n\n\(cut: see file\)\n\nskipped big\.iso/,
            'cut at a line end, then the note, then the rest',
        );
        assert.doesNotMatch(formatted.text, /Log line 399/);
    });

    it('keeps a long mail whole when the workspace allows long messages, and never goes below a readable minimum', () => {
        const text = 'word '.repeat(1_500).trim();
        const roomy = formatInboundMessage(
            { ...email, cc: [], text },
            { firstInRoom: false, stripQuoted: false, skipped: [], limitBytes: 20_971_520, labels, now, maxLength: 20_000 },
        );
        assert.equal(roomy.text, text);
        assert.equal(roomy.fullTextAsFile, false);
        const tiny = formatInboundMessage(
            { ...email, cc: [], text },
            { firstInRoom: false, stripQuoted: false, skipped: [], limitBytes: 20_971_520, labels, now, maxLength: 10 },
        );
        assert.ok(tiny.text.length > 900 && tiny.text.length <= 1_000, `${tiny.text.length} characters`);
        assert.match(tiny.text, /word\n\n\(cut: see file\)$/, 'cut at a space');
    });

    it('says that a mail too large to read whole shows only its beginning', () => {
        const formatted = formatInboundMessage(
            { ...email, cc: [], partlyRead: { size: 157_286_400, readBytes: 1_048_576 } },
            { firstInRoom: false, stripQuoted: false, skipped: [], limitBytes: 20_971_520, labels, now, maxLength: 5000 },
        );
        assert.match(formatted.text, /It burns\.[^]*\n\npartly read, 150\.0 MB$/);
    });
});

describe('formatSize', () => {
    it('shows sizes as people read them', () => {
        assert.deepEqual([0, 512, 4096, 1_572_864, 20_971_520, 5 * 1024 ** 3].map(formatSize), ['0 B', '512 B', '4 KB', '1.5 MB', '20 MB', '5 GB']);
    });
});

describe('a hostile mail cannot fill the room', () => {
    const base = { stripQuoted: false, skipped: [], limitBytes: 20_971_520, labels, now, maxLength: 5000 };

    it('cuts a very long subject and a very long CC list, saying how many more', () => {
        const email = inboundEmail({
            subject: 'S'.repeat(10_000),
            cc: Array.from({ length: 300 }, (_, index) => ({ address: `cc${index}@example.net`, name: '' })),
        });
        const formatted = formatInboundMessage(email, { ...base, firstInRoom: true });
        assert.match(formatted.text, /^\*S{299}…\*/);
        assert.match(formatted.text, /cc19@example\.net … \(\+280\)/);
        assert.ok(formatted.text.length < 6_000, `${formatted.text.length} characters`);
    });

    it('names the files beyond the most a mail brings into its room, shortly', () => {
        const overCount = Array.from({ length: 980 }, (_, index) => ({ filename: `f${index}.txt` }));
        const formatted = formatInboundMessage(inboundEmail({}), { ...base, firstInRoom: false, overCount });
        assert.match(formatted.text, /over 980: f0\.txt, .*f19\.txt … \(\+960\)/);
    });
});
