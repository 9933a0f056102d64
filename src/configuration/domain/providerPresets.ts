import type { ConnectionSecurity } from '../../connection/domain/MailServer';
import type { MessageKey } from '../../i18n/translate';
import type { InboxInput } from './InboxInput';

interface Endpoint {
    host: string;
    port: number;
    security: ConnectionSecurity;
}

export interface ProviderPreset {
    id: string;
    name: string;
    domains: string[];
    smtp: Endpoint;
    imap: Endpoint;
    noteKey: MessageKey;
    /** The sign-in the provider needs: Microsoft accepts only OAuth2 for IMAP. */
    signIn?: 'microsoft';
}

const ssl = (host: string, port: number): Endpoint => ({ host, port, security: 'ssl' });
const starttls = (host: string, port: number): Endpoint => ({ host, port, security: 'starttls' });

/** Providers recognised from the address's domain. Custom domains (Google Workspace, Microsoft 365) are picked by id. */
export const PROVIDER_PRESETS: ProviderPreset[] = [
    {
        id: 'google',
        name: 'Gmail / Google Workspace',
        domains: ['gmail.com', 'googlemail.com'],
        smtp: ssl('smtp.gmail.com', 465),
        imap: ssl('imap.gmail.com', 993),
        noteKey: 'preset_note_google',
    },
    {
        id: 'microsoft',
        name: 'Microsoft 365 / Outlook.com',
        domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'outlook.de', 'hotmail.de', 'hotmail.co.uk', 'live.de'],
        smtp: starttls('smtp.office365.com', 587),
        imap: ssl('outlook.office365.com', 993),
        noteKey: 'preset_note_microsoft',
        signIn: 'microsoft',
    },
    {
        id: 'yahoo',
        name: 'Yahoo Mail',
        domains: ['yahoo.com', 'yahoo.co.uk', 'yahoo.de', 'yahoo.fr', 'ymail.com'],
        smtp: ssl('smtp.mail.yahoo.com', 465),
        imap: ssl('imap.mail.yahoo.com', 993),
        noteKey: 'preset_note_app_password',
    },
    { id: 'aol', name: 'AOL Mail', domains: ['aol.com'], smtp: ssl('smtp.aol.com', 465), imap: ssl('imap.aol.com', 993), noteKey: 'preset_note_app_password' },
    {
        id: 'icloud',
        name: 'iCloud Mail',
        domains: ['icloud.com', 'me.com', 'mac.com'],
        smtp: starttls('smtp.mail.me.com', 587),
        imap: ssl('imap.mail.me.com', 993),
        noteKey: 'preset_note_icloud',
    },
    {
        id: 'zoho',
        name: 'Zoho Mail',
        domains: ['zoho.com', 'zohomail.com'],
        smtp: ssl('smtp.zoho.com', 465),
        imap: ssl('imap.zoho.com', 993),
        noteKey: 'preset_note_zoho',
    },
    {
        id: 'zoho-eu',
        name: 'Zoho Mail (EU)',
        domains: ['zoho.eu', 'zohomail.eu'],
        smtp: ssl('smtp.zoho.eu', 465),
        imap: ssl('imap.zoho.eu', 993),
        noteKey: 'preset_note_zoho',
    },
    {
        id: 'fastmail',
        name: 'Fastmail',
        domains: ['fastmail.com', 'fastmail.fm'],
        smtp: ssl('smtp.fastmail.com', 465),
        imap: ssl('imap.fastmail.com', 993),
        noteKey: 'preset_note_app_password',
    },
    {
        id: 'gmx',
        name: 'GMX',
        domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
        smtp: starttls('mail.gmx.net', 587),
        imap: ssl('imap.gmx.net', 993),
        noteKey: 'preset_note_gmx',
    },
    {
        id: 'gmx-com',
        name: 'GMX (international)',
        domains: ['gmx.com', 'gmx.us', 'gmx.co.uk'],
        smtp: starttls('mail.gmx.com', 587),
        imap: ssl('imap.gmx.com', 993),
        noteKey: 'preset_note_gmx',
    },
    { id: 'webde', name: 'WEB.DE', domains: ['web.de'], smtp: starttls('smtp.web.de', 587), imap: ssl('imap.web.de', 993), noteKey: 'preset_note_gmx' },
];

export function presetForAddress(email: string): ProviderPreset | undefined {
    const domain = email.trim().toLowerCase().split('@')[1];
    return domain ? PROVIDER_PRESETS.find((preset) => preset.domains.includes(domain)) : undefined;
}

export function presetById(id: string): ProviderPreset | undefined {
    return PROVIDER_PRESETS.find((preset) => preset.id === id);
}

/** Fills the server fields the admin left empty (never overwrites what was typed); user names default to the address. */
export function applyPreset(input: InboxInput, preset: ProviderPreset): InboxInput {
    const filled = { ...input };
    const fill = (field: keyof InboxInput, value: string) => {
        if (!filled[field].trim()) filled[field] = value;
    };
    for (const kind of ['smtp', 'imap'] as const) {
        fill(`${kind}.host`, preset[kind].host);
        fill(`${kind}.port`, String(preset[kind].port));
        fill(`${kind}.security`, preset[kind].security);
        fill(`${kind}.username`, input.email.trim());
    }
    if (preset.signIn) fill('signIn.method', preset.signIn);
    return filled;
}

/**
 * Whether the provider behind this SMTP server files what is sent through it in the Sent folder
 * on its own (Gmail, Microsoft 365 and Outlook.com do): a copy from the app would be a duplicate.
 */
export function serverFilesSentMail(smtpHost: string): boolean {
    return /(^|\.)(gmail\.com|googlemail\.com|office365\.com|outlook\.com)$/i.test(smtpHost.trim());
}
