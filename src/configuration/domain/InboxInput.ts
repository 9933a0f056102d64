/** The form fields, as a person typed them. */
export const INBOX_FIELDS = [
    'name',
    'email',
    'description',
    'senderInfo',
    'signature',
    'quoteLastEmail',
    'acknowledgement.enabled',
    'acknowledgement.subject',
    'acknowledgement.text',
    'acknowledgement.perSenderDays',
    'department',
    'active',
    'smtp.host',
    'smtp.port',
    'smtp.security',
    'smtp.username',
    'smtp.password',
    'smtp.allowUntrusted',
    'smtp.trustedCertificate',
    'imap.host',
    'imap.port',
    'imap.security',
    'imap.username',
    'imap.password',
    'imap.folder',
    'imap.allowUntrusted',
    'imap.trustedCertificate',
    'imap.saveSentCopy',
    'signIn.method',
    'signIn.flow',
    'signIn.clientId',
    'signIn.clientSecret',
    'signIn.tenant',
    'signIn.authorizeUrl',
    'signIn.tokenUrl',
    'signIn.deviceUrl',
    'signIn.scopes',
] as const;

export type InboxField = (typeof INBOX_FIELDS)[number];

/**
 * Every field as text ('' when empty); booleans as 'true'/'false'. Empty passwords and client
 * secret on edit mean "unchanged"; an empty `imap.saveSentCopy` means "yes, unless the provider
 * files sent mail itself"; an empty `signIn.method` means passwords; an empty
 * `quoteLastEmail` or `acknowledgement.enabled` means no, an empty `acknowledgement.perSenderDays` one day.
 */
export type InboxInput = Record<InboxField, string>;

export function emptyInboxInput(): InboxInput {
    return Object.fromEntries(INBOX_FIELDS.map((field) => [field, ''])) as InboxInput;
}
