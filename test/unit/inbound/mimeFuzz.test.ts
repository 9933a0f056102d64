// Property-based MIME fuzzing: generated mail (headers folded, encoded in many charsets or broken,
// duplicated or missing; bodies in every transfer encoding, some broken; multiparts with missing,
// reused or unterminated boundaries, nested with message/rfc822; thousands of parts; cut-off
// transfers) goes through what the app runs for a mail: the fetch plan, parseInboundEmail and
// importEmail, into a stand-in Rocket.Chat (test/support/mailToRoom.ts). Fixed seed, bounded runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { customerAddress } from '../../../src/inbound/domain/customerAddress';
import { detectAutomatedMail } from '../../../src/inbound/domain/detectAutomatedMail';
import { MAX_FILE_NAME_LENGTH } from '../../../src/inbound/domain/attachmentName';
import { MAX_NAME_LENGTH } from '../../../src/inbound/domain/displayName';
import { filesForRoom, MAX_FILES_PER_MAIL } from '../../../src/inbound/domain/filesForRoom';
import { MIN_MESSAGE_LENGTH } from '../../../src/inbound/domain/formatInboundMessage';
import { importSettings, rawMail } from '../../support/mimeArbitraries';
import { DEFAULT_IMPORT_SETTINGS, INBOX_ADDRESS, mailToRoom } from '../../support/mailToRoom';
import type { RoomView } from '../../support/mailToRoom';
import { markupProblems, nameProblems } from '../../support/roomMarkup';

/**
 * Fixed, so that a failure is the same on every machine. To explore further:
 * `FUZZ_SEED=7 FUZZ_RUNS=20000 node --import tsx --test test/unit/inbound/mimeFuzz.test.ts`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
/** About 4 s on a 2-core machine. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);

const SKIP_REASONS = new Set([
    'auto_submitted',
    'auto_reply_header',
    'bulk_precedence',
    'bounce',
    'own_address',
    'own_message',
    'no_sender',
    'rate_limited',
    'contact_blocked',
]);

/** Everything wrong with what the agents see of one mail, in words. */
function problemsOf(view: RoomView, settings: typeof DEFAULT_IMPORT_SETTINGS): string[] {
    const problems: string[] = [];
    const { email, outcome } = view;
    if (outcome.kind === 'skipped') {
        if (!SKIP_REASONS.has(outcome.reason)) problems.push(`skipped for an unknown reason ${outcome.reason}`);
        // A skip is explained by the mail itself: no sender, or what marks it automatic.
        const verdict = detectAutomatedMail(email, { inboxAddresses: [INBOX_ADDRESS] });
        const expected = verdict.automated ? verdict.reason : !customerAddress(email, [INBOX_ADDRESS]) ? 'no_sender' : undefined;
        if (outcome.reason !== expected) problems.push(`skipped as ${outcome.reason}, where the mail says ${expected ?? 'nothing'}`);
        if (view.messages.length > 0) problems.push('a skipped mail posted something');
        return problems;
    }
    if (outcome.kind !== 'imported') return [`unexpected outcome ${outcome.kind}`];
    const [first] = view.messages;
    if (first?.by !== 'visitor' || !first.text.trim()) problems.push('an imported mail without its message');
    const limit = Math.max(MIN_MESSAGE_LENGTH, settings.maxMessageLength);
    for (const message of view.messages) {
        if (message.text.length > limit) problems.push(`a message of ${message.text.length} characters (limit ${limit})`);
        problems.push(...markupProblems(message.text));
    }
    if (view.visitor) {
        problems.push(...nameProblems(view.visitor.name), ...nameProblems(view.visitor.email));
        if (view.visitor.name !== view.visitor.email && view.visitor.name.length > MAX_NAME_LENGTH)
            problems.push(`a visitor name of ${view.visitor.name.length} characters`);
    }
    const mailFiles = filesForRoom(email.attachments, settings.maxAttachmentBytes);
    if (view.files.length > MAX_FILES_PER_MAIL + 1) problems.push(`${view.files.length} files in the room`);
    for (const file of view.files.slice(0, mailFiles.upload.length)) {
        problems.push(...nameProblems(file.filename));
        if (file.filename.length > MAX_FILE_NAME_LENGTH) problems.push(`a file name of ${file.filename.length} characters`);
        if (file.size > settings.maxAttachmentBytes) problems.push(`a file of ${file.size} bytes uploaded (limit ${settings.maxAttachmentBytes})`);
    }
    // Every file of the mail is in the room or named in its message; everything unreadable is said.
    const named = mailFiles.tooLarge.length + mailFiles.overCount.length;
    if (limit >= 5_000 && named > 0 && !first.text.includes('📎')) problems.push(`${named} files neither uploaded nor named`);
    if (limit >= 5_000 && email.parseWarnings.length > 0 && !first.text.includes('⚠️')) problems.push(`warnings not shown: ${email.parseWarnings.join('; ')}`);
    return problems;
}

describe('the MIME fuzzer', () => {
    it(`turns ${RUNS} generated mails each into a sane room message or a counted, explained skip`, async () => {
        const outcomes = new Map<string, number>();
        await fc.assert(
            fc.asyncProperty(rawMail, importSettings, async (raw, overrides) => {
                const settings = { ...DEFAULT_IMPORT_SETTINGS, ...overrides };
                // No exception may escape: a rejection fails the property with the mail that caused it.
                const view = await mailToRoom(raw, { settings });
                const key = view.outcome.kind === 'skipped' ? `skipped: ${view.outcome.reason}` : view.outcome.kind;
                outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
                const problems = problemsOf(view, settings);
                if (problems.length > 0) {
                    const shown = (text: string) => JSON.stringify(text.length > 1_500 ? `${text.slice(0, 1_500)}…` : text);
                    throw new Error(
                        `${problems.join('\n')}\n--- mail: ${shown(raw.toString('latin1'))}\n--- posted: ${view.messages.map((message) => shown(message.text)).join('\n')}`,
                    );
                }
            }),
            { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
        );
        // The generators reach both ends: imported mail and every-day skips.
        assert.ok((outcomes.get('imported') ?? 0) > RUNS / 2, JSON.stringify([...outcomes]));
        assert.ok(
            [...outcomes.keys()].some((key) => key.startsWith('skipped')),
            JSON.stringify([...outcomes]),
        );
    });
});
