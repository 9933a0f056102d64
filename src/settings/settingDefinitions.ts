import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { AppSetting, POLL_INTERVAL_LIMITS, ReplySenderName } from './AppSetting';

type SettingDefinition = Omit<ISetting, 'i18nLabel' | 'i18nDescription' | 'public' | 'required'> & {
    id: AppSetting;
    required?: boolean;
};

const definitions: SettingDefinition[] = [
    { id: AppSetting.PollIntervalSeconds, type: SettingType.NUMBER, packageValue: POLL_INTERVAL_LIMITS.default, required: true },
    { id: AppSetting.PushNewMail, type: SettingType.BOOLEAN, packageValue: true },
    { id: AppSetting.MaxMessagesPerRun, type: SettingType.NUMBER, packageValue: 50, required: true },
    { id: AppSetting.MaxAttachmentSizeMb, type: SettingType.NUMBER, packageValue: 20, required: true },
    { id: AppSetting.MarkAsSeenAfterImport, type: SettingType.BOOLEAN, packageValue: false },
    { id: AppSetting.DefaultDepartment, type: SettingType.STRING, packageValue: '' },
    { id: AppSetting.StripQuotedReplies, type: SettingType.BOOLEAN, packageValue: true },
    {
        id: AppSetting.ReplySenderName,
        type: SettingType.SELECT,
        packageValue: ReplySenderName.AgentViaInbox,
        values: [
            { key: ReplySenderName.AgentViaInbox, i18nLabel: ReplySenderName.AgentViaInbox },
            { key: ReplySenderName.InboxSenderInfo, i18nLabel: ReplySenderName.InboxSenderInfo },
        ],
    },
    { id: AppSetting.NewConversationsPerSenderPerHour, type: SettingType.NUMBER, packageValue: 10, required: true },
    { id: AppSetting.OutboxRetryHours, type: SettingType.NUMBER, packageValue: 48, required: true },
    { id: AppSetting.ReplyToAll, type: SettingType.BOOLEAN, packageValue: true },
    { id: AppSetting.SendClosingMessage, type: SettingType.BOOLEAN, packageValue: false },
    { id: AppSetting.ClosingMessage, type: SettingType.STRING, packageValue: '', multiline: true },
    { id: AppSetting.ManagerRoles, type: SettingType.STRING, packageValue: 'admin', required: true },
];

/** Every app setting, ready for `configuration.settings.provideSetting`. */
export function settingDefinitions(): ISetting[] {
    return definitions.map((definition) => ({
        public: false,
        required: false,
        ...definition,
        i18nLabel: definition.id,
        i18nDescription: `${definition.id}_description`,
    }));
}

/** A setting's default (its packageValue): what the app uses when an admin's value cannot be used. */
export function defaultNumber(id: AppSetting): number {
    return Number(definitions.find((definition) => definition.id === id)?.packageValue);
}
