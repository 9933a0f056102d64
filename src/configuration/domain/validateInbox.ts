import type { ConnectionSecurity, MailServer } from '../../connection/domain/MailServer';
import { EMAIL_ADDRESS } from '../../mail/domain/emailAddress';
import { CONNECTION_SECURITIES } from '../../connection/domain/MailServer';
import type { MessageKey, MessageParams } from '../../i18n/translate';
import type { Inbox } from './Inbox';
import type { InboxField, InboxInput } from './InboxInput';
import { serverFilesSentMail } from './providerPresets';
import { SIGN_IN_METHODS, isTenant, oauthSettings } from './SignIn';
import { MAX_SIGNATURE_LENGTH, SIGNATURE_PLACEHOLDERS, normalizeSignature, unknownPlaceholders } from './signatureTemplate';
import {
    ACKNOWLEDGEMENT_PLACEHOLDERS,
    DEFAULT_PER_SENDER_DAYS,
    MAX_ACKNOWLEDGEMENT_SUBJECT_LENGTH,
    MAX_ACKNOWLEDGEMENT_TEXT_LENGTH,
    PER_SENDER_DAYS_LIMITS,
    normalizeAcknowledgementSubject,
    normalizeAcknowledgementText,
    unknownAcknowledgementPlaceholders,
} from './acknowledgementTemplate';
import type { AcknowledgementSettings } from './acknowledgementTemplate';
import type { OAuthFlow, OAuthSettings, SignInMethod } from './SignIn';

export interface FieldIssue {
    field: InboxField;
    key: MessageKey;
    params?: MessageParams;
}

/** The inbox as entered, normalised, before ids and timestamps are added. */
export type InboxSettings = Pick<
    Inbox,
    'name' | 'email' | 'description' | 'senderInfo' | 'signature' | 'quoteLastEmail' | 'acknowledgement' | 'departmentId' | 'active' | 'smtp' | 'imap' | 'oauth'
>;

export type ValidationResult = { ok: true; inbox: InboxSettings; warnings: FieldIssue[] } | { ok: false; errors: FieldIssue[]; warnings: FieldIssue[] };

export interface ValidationContext {
    /** The inbox being edited; absent when adding. Its passwords are kept when the form leaves them empty. */
    editing?: Inbox;
    existing: Array<Pick<Inbox, 'id' | 'name' | 'email'>>;
    departments: Array<{ id: string; name: string }>;
}

/** A plain address (no display name), as an inbox or a test recipient must be. */
export const EMAIL = EMAIL_ADDRESS;
const HOSTNAME_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^\[?[0-9a-f:.]*:[0-9a-f:.]*\]?$/i;
const IMPLICIT_TLS_PORTS = new Set([993, 465]);
const PLAIN_OR_STARTTLS_PORTS = new Set([143, 587, 25]);

function isHost(text: string): boolean {
    if (IPV4.test(text) || IPV6.test(text)) return true;
    const labels = text.split('.');
    return text.length <= 253 && labels.every((label) => HOSTNAME_LABEL.test(label));
}

function isLocal(host: string): boolean {
    return host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '[::1]';
}

/** Checks a submitted inbox form and turns it into settings, with a message a person can act on per field. */
export function validateInboxInput(input: InboxInput, context: ValidationContext): ValidationResult {
    const errors: FieldIssue[] = [];
    const warnings: FieldIssue[] = [];
    const fail = (field: InboxField, key: MessageKey, params?: MessageParams) => errors.push({ field, key, ...(params && { params }) });

    const name = input.name.trim();
    if (!name) fail('name', 'validation_required');
    else if (name.length > 100) fail('name', 'validation_name_too_long');
    else if (context.existing.some((other) => other.id !== context.editing?.id && other.name.toLowerCase() === name.toLowerCase())) {
        fail('name', 'validation_name_taken', { name });
    } else if (/\s/.test(name)) fail('name', 'validation_name_spaces');

    const email = input.email.trim().toLowerCase();
    if (!email) fail('email', 'validation_required');
    else if (!EMAIL.test(email)) fail('email', 'validation_email', { value: input.email.trim() });
    else if (context.existing.some((other) => other.id !== context.editing?.id && other.email.toLowerCase() === email)) {
        fail('email', 'validation_email_taken', { email });
    }

    const signature = normalizeSignature(input.signature);
    const unknown = unknownPlaceholders(signature);
    if (signature.length > MAX_SIGNATURE_LENGTH) fail('signature', 'validation_signature_too_long', { max: MAX_SIGNATURE_LENGTH, length: signature.length });
    else if (unknown.length > 0) {
        fail('signature', 'validation_signature_placeholder', {
            unknown: unknown.map((name) => `{${name}}`).join(', '),
            known: SIGNATURE_PLACEHOLDERS.map((name) => `{${name}}`).join(', '),
        });
    }
    const quoteText = input.quoteLastEmail.trim();
    if (quoteText && quoteText !== 'true' && quoteText !== 'false') fail('quoteLastEmail', 'validation_yes_no');
    const acknowledgement = acknowledgementOf(input, fail);

    let departmentId: string | undefined;
    const department = input.department.trim();
    if (department) {
        const found = context.departments.find((candidate) => candidate.id === department || candidate.name.toLowerCase() === department.toLowerCase());
        if (found) departmentId = found.id;
        else fail('department', 'validation_department_unknown', { value: department });
    }

    const method = (input['signIn.method'].trim() || 'password') as SignInMethod;
    if (!SIGN_IN_METHODS.includes(method)) fail('signIn.method', 'validation_sign_in_method');
    const oauth = method === 'password' || !SIGN_IN_METHODS.includes(method) ? undefined : signIn(method, input, context.editing?.oauth, fail);
    // With OAuth2 the servers are logged in to with the access token: no password to ask for.
    const usesPasswords = method === 'password';
    const smtp = server('smtp', input, context.editing?.smtp, fail, warnings, usesPasswords);
    const imap = server('imap', input, context.editing?.imap, fail, warnings, usesPasswords);
    const folder = input['imap.folder'].trim() || 'INBOX';
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
    if (/[\u0000-\u001f\u007f]/.test(folder)) fail('imap.folder', 'validation_folder');

    if (errors.length > 0 || !smtp || !imap || (method !== 'password' && !oauth)) return { ok: false, errors, warnings };
    return {
        ok: true,
        warnings,
        inbox: {
            name,
            email,
            description: input.description.trim(),
            senderInfo: input.senderInfo.trim(),
            signature,
            quoteLastEmail: quoteText === 'true',
            acknowledgement,
            departmentId,
            active: input.active !== 'false',
            smtp,
            imap: { ...imap, folder, saveSentCopy: input['imap.saveSentCopy'] ? input['imap.saveSentCopy'] === 'true' : !serverFilesSentMail(smtp.host) },
            ...(oauth && { oauth }),
        },
    };
}

/**
 * The acknowledgement's settings: kept as typed also while it is off (turning it on again finds
 * them), but a subject and a text are needed to turn it on, placeholders must be known ones, and
 * the days a whole number within PER_SENDER_DAYS_LIMITS.
 */
function acknowledgementOf(input: InboxInput, fail: (field: InboxField, key: MessageKey, params?: MessageParams) => void): AcknowledgementSettings {
    const enabledText = input['acknowledgement.enabled'].trim();
    if (enabledText && enabledText !== 'true' && enabledText !== 'false') fail('acknowledgement.enabled', 'validation_yes_no');
    const enabled = enabledText === 'true';
    const subject = normalizeAcknowledgementSubject(input['acknowledgement.subject']);
    const text = normalizeAcknowledgementText(input['acknowledgement.text']);
    const known = ACKNOWLEDGEMENT_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');
    const checks: Array<[InboxField, string, number]> = [
        ['acknowledgement.subject', subject, MAX_ACKNOWLEDGEMENT_SUBJECT_LENGTH],
        ['acknowledgement.text', text, MAX_ACKNOWLEDGEMENT_TEXT_LENGTH],
    ];
    for (const [field, value, max] of checks) {
        const unknown = unknownAcknowledgementPlaceholders(value);
        if (!value && enabled) fail(field, 'validation_required');
        else if (value.length > max) fail(field, 'validation_text_too_long', { max, length: value.length });
        else if (unknown.length > 0) fail(field, 'validation_signature_placeholder', { unknown: unknown.map((name) => `{${name}}`).join(', '), known });
    }
    const daysText = input['acknowledgement.perSenderDays'].trim();
    const days = daysText ? Number(daysText) : DEFAULT_PER_SENDER_DAYS;
    if (!Number.isInteger(days) || days < PER_SENDER_DAYS_LIMITS.min || days > PER_SENDER_DAYS_LIMITS.max) {
        fail('acknowledgement.perSenderDays', 'validation_days', { value: daysText, ...PER_SENDER_DAYS_LIMITS });
    }
    return { enabled, subject, text, perSenderDays: days };
}

function server(
    kind: 'smtp' | 'imap',
    input: InboxInput,
    previous: MailServer | undefined,
    fail: (field: InboxField, key: MessageKey, params?: MessageParams) => void,
    warnings: FieldIssue[],
    usesPasswords: boolean,
): MailServer | undefined {
    const field = (name: 'host' | 'port' | 'security' | 'username' | 'password' | 'allowUntrusted' | 'trustedCertificate') => `${kind}.${name}` as InboxField;
    const before = { errors: 0 };
    const failHere = (name: Parameters<typeof field>[0], key: MessageKey, params?: MessageParams) => {
        before.errors++;
        fail(field(name), key, params);
    };

    const rawHost = input[field('host')].trim().toLowerCase();
    if (!rawHost) failHere('host', 'validation_required');
    else if (/^[a-z]+:\/\//.test(rawHost) || rawHost.includes('/')) failHere('host', 'validation_host_scheme', { kind: kind.toUpperCase() });
    else if (/^[^:[\]]+:\d+$/.test(rawHost)) failHere('host', 'validation_host_port', { kind: kind.toUpperCase() });
    else if (!isHost(rawHost)) failHere('host', 'validation_host', { kind: kind.toUpperCase(), value: rawHost });
    const host = rawHost.replace(/^\[|\]$/g, '');

    const portText = input[field('port')].trim();
    const port = Number(portText);
    if (!portText) failHere('port', 'validation_required');
    else if (!Number.isInteger(port) || port < 1 || port > 65535) failHere('port', 'validation_port', { value: portText });

    const security = input[field('security')].trim() as ConnectionSecurity;
    if (!CONNECTION_SECURITIES.includes(security)) failHere('security', 'validation_security');

    const username = input[field('username')].trim();
    if (!username) failHere('username', 'validation_required');
    const password = usesPasswords ? input[field('password')] || previous?.password || '' : '';
    if (usesPasswords && !password) failHere('password', 'validation_required');

    const trustedCertificate = input[field('trustedCertificate')].trim();
    if (trustedCertificate && !isPemCertificateList(trustedCertificate)) failHere('trustedCertificate', 'validation_certificate');

    if (before.errors > 0) return undefined;
    if (IMPLICIT_TLS_PORTS.has(port) && security !== 'ssl')
        warnings.push({ field: field('security'), key: 'validation_warn_port_expects_ssl', params: { port } });
    if (PLAIN_OR_STARTTLS_PORTS.has(port) && security === 'ssl')
        warnings.push({ field: field('security'), key: 'validation_warn_port_expects_starttls', params: { port } });
    if (security === 'none' && !isLocal(host))
        warnings.push({ field: field('security'), key: 'validation_warn_unencrypted', params: { kind: kind.toUpperCase() } });
    return {
        host,
        port,
        security,
        username,
        password,
        allowUntrustedCertificate: input[field('allowUntrusted')] === 'true',
        ...(trustedCertificate && { trustedCertificate }),
    };
}

/**
 * The OAuth2 client of an inbox: Microsoft and Google need only the app registration's id
 * (and secret where the flow needs one, and Microsoft's tenant); any other server its endpoints
 * and scopes too. Endpoints must be HTTPS (plain HTTP only on this machine, for a local server).
 */
function signIn(
    provider: Exclude<SignInMethod, 'password'>,
    input: InboxInput,
    previous: OAuthSettings | undefined,
    fail: (field: InboxField, key: MessageKey, params?: MessageParams) => void,
): OAuthSettings | undefined {
    let errors = 0;
    const failHere = (field: InboxField, key: MessageKey, params?: MessageParams) => {
        errors++;
        fail(field, key, params);
    };
    const clientId = input['signIn.clientId'].trim();
    if (!clientId) failHere('signIn.clientId', 'validation_required');
    // The secret is kept when left empty, as long as the client is the same.
    const clientSecret = input['signIn.clientSecret'] || (previous?.provider === provider && previous.clientId === clientId ? previous.clientSecret : '');
    const flowText = input['signIn.flow'].trim();
    if (flowText && flowText !== 'device' && flowText !== 'code') failHere('signIn.flow', 'validation_sign_in_flow');
    const flow = (flowText || undefined) as OAuthFlow | undefined;
    const tenant = input['signIn.tenant'].trim();
    if (provider === 'microsoft' && tenant && !isTenant(tenant)) failHere('signIn.tenant', 'validation_tenant', { value: tenant });
    if (provider === 'google' && !clientSecret) failHere('signIn.clientSecret', 'validation_google_secret');
    if (provider === 'google' && flow === 'device') failHere('signIn.flow', 'validation_google_device');
    const urls: Partial<Record<'authorizeUrl' | 'tokenUrl' | 'deviceUrl', string>> = {};
    let scopes: string[] | undefined;
    if (provider === 'oauth2') {
        for (const name of ['authorizeUrl', 'tokenUrl', 'deviceUrl'] as const) {
            const field = `signIn.${name}` as InboxField;
            const value = input[field].trim();
            if (value && !isEndpointUrl(value)) failHere(field, 'validation_endpoint_url', { value });
            urls[name] = value;
        }
        if (!urls.tokenUrl) failHere('signIn.tokenUrl', 'validation_required');
        const effectiveFlow = flow ?? (urls.deviceUrl ? 'device' : 'code');
        if (effectiveFlow === 'device' && !urls.deviceUrl) failHere('signIn.deviceUrl', 'validation_device_url_needed');
        if (effectiveFlow === 'code' && !urls.authorizeUrl) failHere('signIn.authorizeUrl', 'validation_authorize_url_needed');
        scopes = input['signIn.scopes'].split(/[\s,]+/).filter(Boolean);
        if (scopes.length === 0) failHere('signIn.scopes', 'validation_required');
    }
    if (errors > 0) return undefined;
    return oauthSettings({ provider, flow, clientId, clientSecret, tenant, ...urls, scopes });
}

/** HTTPS, or HTTP to this machine only (a local test server): tokens never travel in clear over a network. */
export function isEndpointUrl(text: string): boolean {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return false;
    }
    if (url.username || url.password) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLocal(url.hostname));
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END CERTIFICATE-----/g;

/** One or more PEM certificates and nothing else (a private key pasted by mistake is refused). */
export function isPemCertificateList(text: string): boolean {
    const blocks = [...text.matchAll(PEM_CERTIFICATE)];
    if (blocks.length === 0) return false;
    if (text.replace(PEM_CERTIFICATE, '').trim() !== '') return false;
    return blocks.every((block) => {
        const body = block[1].replace(/\s+/g, '');
        return body.length >= 64 && body.length % 4 === 0;
    });
}
