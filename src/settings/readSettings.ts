import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { AppSetting } from './AppSetting';

export interface ImportSettings {
    maxMessagesPerRun: number;
    maxAttachmentSizeMb: number;
    markAsSeen: boolean;
    stripQuotedReplies: boolean;
    defaultDepartment: string;
    /** 0 means no limit. */
    newConversationsPerSenderPerHour: number;
}

function positive(value: unknown, fallback: number): number {
    const number = Number(value);
    return Number.isFinite(number) && number > 0 ? number : fallback;
}

/** The settings the import needs, with sane fallbacks for values an admin typed badly. */
export async function readImportSettings(read: IRead): Promise<ImportSettings> {
    const settings = read.getEnvironmentReader().getSettings();
    return {
        maxMessagesPerRun: positive(await settings.getValueById(AppSetting.MaxMessagesPerRun), 50),
        maxAttachmentSizeMb: positive(await settings.getValueById(AppSetting.MaxAttachmentSizeMb), 20),
        markAsSeen: Boolean(await settings.getValueById(AppSetting.MarkAsSeenAfterImport)),
        stripQuotedReplies: Boolean(await settings.getValueById(AppSetting.StripQuotedReplies)),
        defaultDepartment: String((await settings.getValueById(AppSetting.DefaultDepartment)) ?? '').trim(),
        newConversationsPerSenderPerHour: Math.max(0, Math.floor(Number(await settings.getValueById(AppSetting.NewConversationsPerSenderPerHour)) || 0)),
    };
}

/** The workspace's language (Rocket.Chat's `Language` setting), for what the app writes into rooms. */
export async function readWorkspaceLanguage(read: IRead): Promise<string> {
    try {
        return String((await read.getEnvironmentReader().getServerSettings().getValueById('Language')) || 'en');
    } catch {
        return 'en';
    }
}
