import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { AppSetting, POLL_INTERVAL_LIMITS, ReplySenderName } from './AppSetting';
import { defaultNumber } from './settingDefinitions';

export interface ImportSettings {
    maxMessagesPerRun: number;
    /** The app's attachment limit, or Rocket.Chat's own upload limit (FileUpload_MaxFileSize) when that is lower. */
    maxAttachmentBytes: number;
    markAsSeen: boolean;
    stripQuotedReplies: boolean;
    defaultDepartment: string;
    /** 0 means no limit. */
    newConversationsPerSenderPerHour: number;
    /** Rocket.Chat's longest message (Message_MaxAllowedSize): longer mail is cut in the room and kept whole as a file. */
    maxMessageLength: number;
}

/** Rocket.Chat's default Message_MaxAllowedSize. */
const DEFAULT_MAX_MESSAGE_LENGTH = 5_000;

/** Rocket.Chat's Message_MaxAllowedSize: longer messages are refused in rooms. */
export async function readMaxMessageLength(read: IRead): Promise<number> {
    try {
        return positive(await read.getEnvironmentReader().getServerSettings().getValueById('Message_MaxAllowedSize'), DEFAULT_MAX_MESSAGE_LENGTH);
    } catch {
        return DEFAULT_MAX_MESSAGE_LENGTH;
    }
}

/**
 * Rocket.Chat's FileUpload_MaxFileSize in bytes (default 100 MiB; -1 means no limit). 0 refuses
 * every file: that is left to Rocket.Chat, whose refusal the room then names.
 */
async function readServerUploadLimit(read: IRead): Promise<number> {
    try {
        return positive(await read.getEnvironmentReader().getServerSettings().getValueById('FileUpload_MaxFileSize'), Infinity);
    } catch {
        return Infinity;
    }
}

function positive(value: unknown, fallback: number): number {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? number : fallback;
}

/** The settings the import needs, with sane fallbacks for values an admin typed badly. */
export async function readImportSettings(read: IRead): Promise<ImportSettings> {
    const settings = read.getEnvironmentReader().getSettings();
    return {
        maxMessagesPerRun: positive(await settings.getValueById(AppSetting.MaxMessagesPerRun), defaultNumber(AppSetting.MaxMessagesPerRun)),
        maxAttachmentBytes: Math.min(
            positive(await settings.getValueById(AppSetting.MaxAttachmentSizeMb), defaultNumber(AppSetting.MaxAttachmentSizeMb)) * 1_048_576,
            await readServerUploadLimit(read),
        ),
        markAsSeen: Boolean(await settings.getValueById(AppSetting.MarkAsSeenAfterImport)),
        stripQuotedReplies: Boolean(await settings.getValueById(AppSetting.StripQuotedReplies)),
        defaultDepartment: String((await settings.getValueById(AppSetting.DefaultDepartment)) ?? '').trim(),
        newConversationsPerSenderPerHour: Math.max(0, Math.floor(Number(await settings.getValueById(AppSetting.NewConversationsPerSenderPerHour)) || 0)),
        maxMessageLength: await readMaxMessageLength(read),
    };
}

/** The department for inboxes without one of their own ('' for none). */
export async function readDefaultDepartment(read: IRead): Promise<string> {
    return String((await read.getEnvironmentReader().getSettings().getValueById(AppSetting.DefaultDepartment)) ?? '').trim();
}

/**
 * Whether inboxes whose server offers IMAP IDLE get their mail pushed (on by default): read at
 * every run, so that turning it off stops the push chain at its next run.
 */
export async function readPushEnabled(read: IRead): Promise<boolean> {
    return (await read.getEnvironmentReader().getSettings().getValueById(AppSetting.PushNewMail)) !== false;
}

/** The poll interval in ms, kept inside its limits whatever an admin typed. */
export async function readPollIntervalMs(read: IRead): Promise<number> {
    return pollIntervalSeconds(await read.getEnvironmentReader().getSettings().getValueById(AppSetting.PollIntervalSeconds)) * 1000;
}

/** The poll interval from settings, kept inside sane limits whatever an admin typed. */
export function pollIntervalSeconds(value: unknown): number {
    const seconds = Math.round(Number(value));
    if (!Number.isFinite(seconds)) return POLL_INTERVAL_LIMITS.default;
    return Math.min(POLL_INTERVAL_LIMITS.max, Math.max(POLL_INTERVAL_LIMITS.min, seconds));
}

/** The workspace's language (Rocket.Chat's `Language` setting), for what the app writes into rooms. */
export async function readWorkspaceLanguage(read: IRead): Promise<string> {
    try {
        return String((await read.getEnvironmentReader().getServerSettings().getValueById('Language')) || 'en');
    } catch {
        return 'en';
    }
}

export interface OutboundSettings {
    /** How long unsent replies are retried. */
    retryHours: number;
    maxAttachmentSizeMb: number;
    nameStyle: 'agent_via_inbox' | 'inbox_sender_info';
    /** Replies also go to the others the customer's last mail was addressed or copied to. */
    replyToAll: boolean;
    sendClosingMessage: boolean;
    /** Empty: the translated default closing text. */
    closingMessage: string;
}

/** The settings agents' replies need, with sane fallbacks. */
export async function readOutboundSettings(read: IRead): Promise<OutboundSettings> {
    const settings = read.getEnvironmentReader().getSettings();
    return {
        retryHours: positive(await settings.getValueById(AppSetting.OutboxRetryHours), defaultNumber(AppSetting.OutboxRetryHours)),
        maxAttachmentSizeMb: positive(await settings.getValueById(AppSetting.MaxAttachmentSizeMb), defaultNumber(AppSetting.MaxAttachmentSizeMb)),
        nameStyle: (await settings.getValueById(AppSetting.ReplySenderName)) === ReplySenderName.InboxSenderInfo ? 'inbox_sender_info' : 'agent_via_inbox',
        replyToAll: (await settings.getValueById(AppSetting.ReplyToAll)) !== false,
        sendClosingMessage: Boolean(await settings.getValueById(AppSetting.SendClosingMessage)),
        closingMessage: String((await settings.getValueById(AppSetting.ClosingMessage)) ?? '').trim(),
    };
}

/** The workspace's public address (Rocket.Chat's `Site_Url`), for links to its files; empty if unknown. */
export async function readSiteUrl(read: IRead): Promise<string> {
    try {
        return String((await read.getEnvironmentReader().getServerSettings().getValueById('Site_Url')) ?? '').replace(/\/+$/, '');
    } catch {
        return '';
    }
}

/**
 * Whether Rocket.Chat lets only signed-in users open its files (FileUpload_ProtectFiles, on by
 * default): then a link to a file is no use to a customer, who has no account.
 */
export async function readFilesAreProtected(read: IRead): Promise<boolean> {
    try {
        return (await read.getEnvironmentReader().getServerSettings().getValueById('FileUpload_ProtectFiles')) !== false;
    } catch {
        return true;
    }
}
