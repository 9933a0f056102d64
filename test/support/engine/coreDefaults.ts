import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

/**
 * Rocket.Chat's own defaults for the settings the bridges read, as a new workspace has them
 * (apps/meteor/server/settings/{message,file-upload,omnichannel,general}.ts). Tests change one
 * by one what an admin would change; everything else behaves as in a default workspace.
 */
export const CORE_SETTING_DEFAULTS: Record<string, unknown> = {
    // startEngineHost sets Site_Url to the host's own HTTP server (EngineHost.siteUrl).
    Site_Url: 'http://localhost:3000',
    Language: 'en',
    // Hosts the apps' HTTP calls with `ssrfValidation: true` may reach despite a private address (none by default).
    SSRF_Allowlist: '',
    // message.ts
    Message_MaxAllowedSize: 5000,
    Message_CustomFields_Enabled: false,
    Message_CustomFields: JSON.stringify({
        properties: { priority: { type: 'string', nullable: false, enum: ['low', 'medium', 'high'] } },
        required: ['priority'],
    }),
    // file-upload.ts
    FileUpload_Enabled: true,
    FileUpload_MaxFileSize: 104_857_600,
    FileUpload_MediaTypeWhiteList: '',
    FileUpload_MediaTypeBlackList: 'image/svg+xml',
    FileUpload_ProtectFiles: true,
    FileUpload_Storage_Type: 'GridFS',
    // omnichannel.ts
    Livechat_enabled: true,
    Livechat_Routing_Method: 'Auto_Selection',
    Livechat_accept_chats_with_no_agents: false,
    Livechat_request_comment_when_closing_conversation: true,
};

export function coreSettings(): Map<string, ISetting> {
    const now = new Date();
    return new Map(
        Object.entries(CORE_SETTING_DEFAULTS).map(([id, value]) => [
            id,
            {
                id,
                value,
                packageValue: value,
                type: typeof value === 'number' ? 'int' : typeof value === 'boolean' ? 'boolean' : 'string',
                createdAt: now,
                updatedAt: now,
            } as unknown as ISetting,
        ]),
    );
}
