/**
 * App-level settings. Each value is both the setting id and its i18n label key;
 * the description lives at `<key>_description` (see i18n/en.json).
 */
export enum AppSetting {
    PollIntervalSeconds = 'poll_interval_seconds',
    PushNewMail = 'push_new_mail',
    MaxMessagesPerRun = 'max_messages_per_run',
    MaxAttachmentSizeMb = 'max_attachment_size_mb',
    MarkAsSeenAfterImport = 'mark_as_seen_after_import',
    DefaultDepartment = 'default_department',
    StripQuotedReplies = 'strip_quoted_replies',
    ReplySenderName = 'reply_sender_name',
    ReplyToAll = 'reply_to_all',
    NewConversationsPerSenderPerHour = 'new_conversations_per_sender_per_hour',
    OutboxRetryHours = 'outbox_retry_hours',
    SendClosingMessage = 'send_closing_message',
    ClosingMessage = 'closing_message',
    ManagerRoles = 'manager_roles',
}

/** How an agent's reply names its sender in the From header. */
export enum ReplySenderName {
    AgentViaInbox = 'reply_sender_name_agent_via_inbox',
    InboxSenderInfo = 'reply_sender_name_inbox_sender_info',
}

export const POLL_INTERVAL_LIMITS = { min: 15, max: 3600, default: 60 } as const;
