import type { Inbox } from '../configuration/domain/Inbox';
import type { InboxStatus, PollReason } from '../configuration/domain/InboxStatus';
import { deliveryLine, PUSH_LIMITS } from '../inbound/domain/pushPlan';
import { readPollIntervalMs, readPushEnabled } from '../settings/readSettings';
import type { MessageKey, Translator } from '../i18n/translate';
import { SET_ASIDE_AFTER_FAILURES } from '../inbound/domain/setAsidePolicy';
import type { SkipReason } from '../inbound/importEmail';
import { ErrorCode } from '../errors/ErrorCode';
import { errorHintKey } from '../errors/errorHintKey';
import { readableTime } from '../i18n/readableTime';
import type { MailboxCursor } from '../inbound/MailboxCursorStore';
import { signInStatusLine } from '../signin/signInStatus';
import type { Services } from '../wiring/Services';

/** Unsent replies and set-aside mails listed one by one in status (the count says how many there are in all). */
const MAX_LISTED = 5;

const REASON_KEYS: Record<SkipReason, MessageKey> = {
    auto_submitted: 'skip_reason_auto_submitted',
    auto_reply_header: 'skip_reason_auto_reply_header',
    bulk_precedence: 'skip_reason_bulk_precedence',
    bounce: 'skip_reason_bounce',
    own_address: 'skip_reason_own_address',
    own_message: 'skip_reason_own_message',
    no_sender: 'skip_reason_no_sender',
    rate_limited: 'skip_reason_rate_limited',
    contact_blocked: 'skip_reason_contact_blocked',
};

function skippedReasons(t: Translator, counts: Record<string, number>): string {
    return (
        Object.entries(counts)
            // Counts saved by an older version may name a reason this one no longer has.
            .map(([reason, count]) => `${reason in REASON_KEYS ? t(REASON_KEYS[reason as SkipReason]) : reason} ${count}`)
            .join(', ')
    );
}

/** An inbox's status: its title line, the facts line by line, and the problem it has now, if any. */
export interface InboxStatusReport {
    title: string;
    lines: string[];
    /** Why it is paused, and the last error when no check got past it: what needs doing. */
    problems: string[];
    /** What to do about the last error (the panel shows it; the command's text keeps to the facts). */
    hint?: string;
}

/**
 * What the jobs did for an inbox, in the user's language: one function for `/email-inbox status`
 * (text) and the Email inboxes panel (a section per inbox), so that both say the same.
 */
export async function inboxStatusReport(services: Services, t: Translator, inbox: Inbox): Promise<InboxStatusReport> {
    const status = await services.statuses.get(inbox.id);
    const title = t('status_title', { name: inbox.name, email: inbox.email, state: t(inbox.active ? 'state_active' : 'state_inactive') });
    const lines = [
        status.lastPollAt
            ? t('status_last_poll', {
                  at: readableTime(status.lastPollAt),
                  success: status.lastSuccessAt ? readableTime(status.lastSuccessAt) : t('status_never'),
              })
            : t('status_never_polled'),
        ...(await deliveryLines(services, t, status)),
        ...[await signInStatusLine(services, t, inbox)].filter((line): line is string => line !== undefined),
        t('status_counts', { imported: status.imported, duplicates: status.duplicates ?? 0, skipped: status.skipped }),
        ...(status.skipped > 0 ? [t('status_skipped_reasons', { reasons: skippedReasons(t, status.skippedByReason ?? {}) })] : []),
        ...(await replyLines(services, t, inbox)),
    ];
    const cursors = services.cursors;
    const cursor = await cursors.get(inbox.id);
    const request = await cursors.importRequest(inbox.id);
    if (request) lines.push(t('status_import_requested', { since: request.since.slice(0, 10) }));
    else if (cursor?.rescanSince) lines.push(t('status_importing', { since: cursor.rescanSince.slice(0, 10), uid: cursor.lastUid }));
    lines.push(...(await mailLines(services, t, inbox, cursor)));
    const problems: string[] = [];
    let hint: string | undefined;
    if (status.paused)
        problems.push(
            t(status.paused.reason === ErrorCode.SignInNeeded ? 'status_paused_sign_in' : 'status_paused', {
                at: readableTime(status.paused.at),
                name: inbox.name,
            }),
        );
    else if (status.nextAttemptAt && status.consecutiveFailures > 1)
        lines.push(t('status_retry', { at: readableTime(status.nextAttemptAt), count: status.consecutiveFailures }));
    if (status.lastError) {
        // An error a later check got past is history: said so, not shown as the inbox's state.
        const resolved = Boolean(status.lastSuccessAt && status.lastSuccessAt > status.lastError.at);
        const line = t(resolved ? 'status_last_error_resolved' : 'status_last_error', {
            at: readableTime(status.lastError.at),
            code: status.lastError.code,
            detail: status.lastError.detail,
        });
        if (resolved) lines.push(line);
        else {
            // What to do about it, as the connection test says it (the error's code decides).
            const code = Object.values(ErrorCode).includes(status.lastError.code as ErrorCode) ? (status.lastError.code as ErrorCode) : ErrorCode.Unknown;
            problems.push(line);
            hint = t(errorHintKey(code, 'imap', inbox.oauth ? 'oauth' : 'password'), { folder: inbox.imap.folder, name: inbox.name });
        }
    }
    return { title, lines, problems, ...(hint && { hint }) };
}

/** The report as `/email-inbox status` prints it: title, facts, then the problem. */
export function statusText(report: InboxStatusReport): string {
    return [report.title, ...report.lines, ...report.problems].join('\n');
}

const POLL_REASON_KEYS: Record<PollReason, MessageKey> = {
    no_idle: 'status_delivery_no_idle',
    push_off: 'status_delivery_push_off',
    over_limit: 'status_delivery_over_limit',
};

/** Whether the inbox's new mail is pushed (IMAP IDLE) or polled every N s, and why (domain/pushPlan deliveryLine). */
async function deliveryLines(services: Services, t: Translator, status: InboxStatus): Promise<string[]> {
    const intervalMs = await readPollIntervalMs(services.read);
    const line = deliveryLine(status, await readPushEnabled(services.read), intervalMs, Date.now());
    const seconds = Math.round(intervalMs / 1000);
    switch (line.kind) {
        case 'unknown':
            return [];
        case 'push':
            return [t('status_delivery_push')];
        case 'push_soon':
            return [t('status_delivery_push_soon', { seconds })];
        case 'push_resuming':
            return [t('status_delivery_push_resuming', { at: readableTime(line.since), seconds })];
        case 'poll':
            return [t(POLL_REASON_KEYS[line.reason], { seconds, limit: PUSH_LIMITS.inboxesPerProcess })];
    }
}

/** The mail the import is held at, and the mails it set aside, with the way to try them again. */
async function mailLines(services: Services, t: Translator, inbox: Inbox, cursor: MailboxCursor | undefined): Promise<string[]> {
    const lines: string[] = [];
    const held = cursor?.held;
    if (held) {
        lines.push(
            t(
                held.code === ErrorCode.DepartmentUnknown
                    ? 'status_held_department_refused'
                    : held.waitsForWorkspace
                      ? 'status_held_new_chats_refused'
                      : 'status_held',
                {
                    name: inbox.name,
                    uid: held.uid,
                    from: held.from ?? '?',
                    subject: held.subject || '—',
                    failures: held.failures,
                    count: held.failures,
                    since: readableTime(held.since),
                    error: held.error,
                    limit: SET_ASIDE_AFTER_FAILURES,
                },
            ),
        );
    }
    const setAside = await services.setAside.ofInbox(inbox.id);
    if (setAside.length === 0) return lines;
    lines.push(t('status_set_aside', { count: setAside.length }));
    for (const mail of setAside.slice(0, MAX_LISTED)) {
        const values = { uid: mail.uid, from: mail.from ?? '?', subject: mail.subject || '—', at: readableTime(mail.setAsideAt), error: mail.error };
        lines.push(t(mail.retryRequested ? 'status_set_aside_pending' : 'status_set_aside_item', values));
    }
    lines.push(t('status_set_aside_hint', { name: inbox.name }));
    return lines;
}

/** How many replies went out, and which are waiting or failed, with the way to send them again. */
async function replyLines(services: Services, t: Translator, inbox: Inbox): Promise<string[]> {
    const outbox = services.outbox;
    const sent = await outbox.sentCount(inbox.id);
    const emails = (await outbox.list()).filter((email) => email.inboxId === inbox.id);
    const waiting = emails.filter((email) => email.state === 'waiting');
    const failed = emails.filter((email) => email.state === 'failed');
    const lines = [t('status_replies', { sent: sent.sent, waiting: waiting.length, failed: failed.length })];
    if (inbox.acknowledgement?.enabled || sent.acknowledgements) lines.push(t('status_acknowledgements', { count: sent.acknowledgements ?? 0 }));
    if (sent.sentCopyError) lines.push(t('status_sent_copy_failed', { ...sent.sentCopyError, at: readableTime(sent.sentCopyError.at) }));
    for (const email of [...failed, ...waiting].slice(0, MAX_LISTED)) {
        lines.push(
            t(email.state === 'failed' ? 'status_reply_failed' : 'status_reply_waiting', {
                to: email.headers.to,
                subject: email.headers.subject,
                at: readableTime(email.createdAt),
                next: readableTime(email.nextAttemptAt),
                reason: email.lastError ? `${email.lastError.code}: ${email.lastError.detail}` : '',
            }),
        );
    }
    if (emails.length > 0) lines.push(t('status_retry_hint', { name: inbox.name }));
    return lines;
}
