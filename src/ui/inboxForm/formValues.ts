import { DEFAULT_ACKNOWLEDGEMENT_SUBJECT, DEFAULT_PER_SENDER_DAYS } from '../../configuration/domain/acknowledgementTemplate';
import type { Inbox } from '../../configuration/domain/Inbox';
import { emptyInboxInput } from '../../configuration/domain/InboxInput';
import type { InboxInput } from '../../configuration/domain/InboxInput';

/** A new inbox's form: password sign-in, SSL/TLS, active, the INBOX folder, no acknowledgement (its text the form's default); the address when one was given. */
export function blankInboxValues(email = ''): InboxInput {
    return {
        ...emptyInboxInput(),
        email,
        active: 'true',
        quoteLastEmail: 'false',
        'acknowledgement.enabled': 'false',
        'acknowledgement.subject': DEFAULT_ACKNOWLEDGEMENT_SUBJECT,
        'acknowledgement.perSenderDays': String(DEFAULT_PER_SENDER_DAYS),
        'signIn.method': 'password',
        'smtp.security': 'ssl',
        'imap.security': 'ssl',
        'smtp.allowUntrusted': 'false',
        'imap.allowUntrusted': 'false',
        'imap.folder': 'INBOX',
    };
}

/** The form's fields for an existing inbox (the panel's Edit opens the same). Passwords and the client secret stay empty: the form never sends secrets to the client. */
export function formValues(inbox: Inbox): InboxInput {
    const oauth = inbox.oauth;
    return {
        name: inbox.name,
        email: inbox.email,
        description: inbox.description,
        senderInfo: inbox.senderInfo,
        signature: inbox.signature ?? '',
        quoteLastEmail: String(inbox.quoteLastEmail ?? false),
        'acknowledgement.enabled': String(inbox.acknowledgement?.enabled ?? false),
        'acknowledgement.subject': inbox.acknowledgement?.subject ?? DEFAULT_ACKNOWLEDGEMENT_SUBJECT,
        'acknowledgement.text': inbox.acknowledgement?.text ?? '',
        'acknowledgement.perSenderDays': String(inbox.acknowledgement?.perSenderDays ?? DEFAULT_PER_SENDER_DAYS),
        department: inbox.departmentId ?? '',
        active: String(inbox.active),
        'smtp.host': inbox.smtp.host,
        'smtp.port': String(inbox.smtp.port),
        'smtp.security': inbox.smtp.security,
        'smtp.username': inbox.smtp.username,
        'smtp.password': '',
        'smtp.allowUntrusted': String(inbox.smtp.allowUntrustedCertificate),
        'smtp.trustedCertificate': inbox.smtp.trustedCertificate ?? '',
        'imap.host': inbox.imap.host,
        'imap.port': String(inbox.imap.port),
        'imap.security': inbox.imap.security,
        'imap.username': inbox.imap.username,
        'imap.password': '',
        'imap.folder': inbox.imap.folder,
        'imap.allowUntrusted': String(inbox.imap.allowUntrustedCertificate),
        'imap.trustedCertificate': inbox.imap.trustedCertificate ?? '',
        'imap.saveSentCopy': String(inbox.imap.saveSentCopy ?? false),
        'signIn.method': oauth?.provider ?? 'password',
        'signIn.flow': oauth?.flow ?? '',
        'signIn.clientId': oauth?.clientId ?? '',
        'signIn.clientSecret': '',
        'signIn.tenant': oauth?.tenant ?? '',
        // Microsoft's and Google's endpoints and scopes follow from the provider; only a typed-in server shows them.
        'signIn.authorizeUrl': oauth?.provider === 'oauth2' ? oauth.authorizeUrl : '',
        'signIn.tokenUrl': oauth?.provider === 'oauth2' ? oauth.tokenUrl : '',
        'signIn.deviceUrl': oauth?.provider === 'oauth2' ? oauth.deviceUrl : '',
        'signIn.scopes': oauth?.provider === 'oauth2' ? oauth.scopes.join(' ') : '',
    };
}
