import { publicView } from '../../configuration/domain/Inbox';
import type { PublicInbox, PublicServer } from '../../configuration/domain/Inbox';
import type { Translator } from '../../i18n/translate';
import { signInStatusLine } from '../../signin/signInStatus';
import type { CommandContext } from '../CommandContext';
import { inboxArgument } from './inboxArgument';

function serverLine(t: Translator, server: PublicServer & { folder?: string }, oauth: boolean): string {
    return t('show_server', {
        host: server.host,
        port: server.port,
        security: server.security,
        username: server.username,
        password: t(oauth ? 'show_password_oauth' : server.hasPassword ? 'show_password_set' : 'show_password_missing'),
        untrusted: t(server.allowUntrustedCertificate ? 'form_yes' : 'form_no'),
        trusted: t(server.trustedCertificate ? 'form_yes' : 'form_no'),
    });
}

/** What replies carry (signature, quote) and what a new conversation gets (acknowledgement). */
function replyLines(t: Translator, inbox: PublicInbox): string[] {
    const ack = inbox.acknowledgement;
    return [
        inbox.signature ? t('show_signature', { signature: inbox.signature.replace(/\n/g, ' ⏎ ') }) : t('show_signature_none'),
        t(inbox.quoteLastEmail ? 'show_quote_on' : 'show_quote_off'),
        ack?.enabled
            ? t('show_acknowledgement_on', { subject: ack.subject, days: ack.perSenderDays, count: ack.perSenderDays, text: ack.text.replace(/\n/g, ' ⏎ ') })
            : t('show_acknowledgement_off'),
    ];
}

/** `/email-inbox show <name>`: everything about an inbox except its passwords. */
export async function showInbox(context: CommandContext): Promise<void> {
    const found = await inboxArgument(context, 'usage_show');
    if (!found) return;
    const inbox = publicView(found.inbox);
    const department = inbox.departmentId ? await context.read.getLivechatReader().getLivechatDepartmentByIdOrName(inbox.departmentId) : undefined;
    const t = context.t;
    await context.reply(
        [
            t('show_title', { name: inbox.name, email: inbox.email, state: t(inbox.active ? 'state_active' : 'state_inactive') }),
            t('show_general', {
                description: inbox.description || '—',
                senderInfo: inbox.senderInfo || '—',
                department: department?.name ?? inbox.departmentId ?? t('list_no_department'),
            }),
            ...(inbox.oauth
                ? [
                      t('show_sign_in', {
                          provider: t(`form_sign_in_${inbox.oauth.provider}`),
                          flow: t(inbox.oauth.flow === 'device' ? 'form_sign_in_flow_device' : 'form_sign_in_flow_code'),
                          clientId: inbox.oauth.clientId,
                          secret: t(inbox.oauth.hasClientSecret ? 'show_password_set' : 'show_client_secret_none'),
                          tenant: inbox.oauth.tenant ?? '—',
                          scopes: inbox.oauth.scopes.join(' '),
                      }),
                      (await signInStatusLine(context.services, t, found.inbox)) ?? '',
                  ]
                : [t('show_sign_in_password')]),
            `SMTP: ${serverLine(t, inbox.smtp, Boolean(inbox.oauth))}`,
            `IMAP: ${serverLine(t, inbox.imap, Boolean(inbox.oauth))}, ${t('show_folder', { folder: inbox.imap.folder })}`,
            t(inbox.imap.saveSentCopy ? 'show_sent_copy_on' : 'show_sent_copy_off'),
            ...replyLines(t, inbox),
            t('show_audit', { createdAt: inbox.createdAt, createdBy: inbox.createdBy, updatedAt: inbox.updatedAt, updatedBy: inbox.updatedBy }),
        ].join('\n'),
    );
}
