import { ErrorCode } from '../../errors/ErrorCode';
import type { Translator } from '../../i18n/translate';
import type { NewEmailDraft } from '../../outbound/domain/newEmailDraft';
import type { StartOutcome } from '../../outbound/startConversation';

/**
 * What the agent is told privately once their new email was handled: where it is (sent, waiting,
 * failed, or not sent and why), the conversation's address, and who serves it when Rocket.Chat's
 * routing did not give it to them.
 */
export function describeStart(t: Translator, outcome: StartOutcome, draft: NewEmailDraft, siteUrl: string): string {
    const about = { to: draft.to.address, subject: draft.subject };
    switch (outcome.kind) {
        case 'inbox_gone':
            return t('new_email_not_sent', { ...about, reason: t('inbox_gone') });
        case 'inbox_disabled':
            return t('new_email_not_sent', { ...about, reason: t('new_email_inbox_disabled', { name: outcome.inboxName }) });
        case 'refused':
            return t('new_email_not_sent', {
                ...about,
                reason:
                    outcome.code === ErrorCode.ContactBlocked
                        ? t('new_email_contact_blocked', { to: draft.to.address })
                        : outcome.code === ErrorCode.DepartmentUnknown
                          ? t('hint_department_unknown')
                          : t('new_email_refused', { detail: outcome.detail }),
            });
        case 'started': {
            const link = siteUrl ? `${siteUrl}/live/${outcome.roomId}` : outcome.roomId;
            const lines = [
                outcome.delivery.state === 'sent'
                    ? t('new_email_sent', { ...about, link })
                    : t(outcome.delivery.state === 'failed' ? 'new_email_failed' : 'new_email_waiting', { ...about, link, reason: outcome.delivery.reason }),
            ];
            if (outcome.routing.kind === 'queue') lines.push(t('new_email_routed_queue'));
            if (outcome.routing.kind === 'other') lines.push(t('new_email_routed_other', { agent: outcome.routing.name }));
            if (outcome.postedAsNote) lines.push(t('new_email_posted_as_note'));
            return lines.join('\n');
        }
    }
}
