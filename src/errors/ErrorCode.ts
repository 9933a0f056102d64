/**
 * Everything the app decides on when something goes wrong, one code each: mail-server trouble
 * (translated from the mail libraries at the edge, connection/domain/classifyConnectionError),
 * Rocket.Chat's refusals (omnichannel/LivechatGateway) and mail that did not arrive whole.
 * What each code means for people and for retrying is in tables over this enum, so a new code
 * does not compile until every table says what to do with it.
 */
export enum ErrorCode {
    // The mail servers.
    AuthenticationFailed = 'auth_failed',
    HostNotFound = 'host_not_found',
    ConnectionRefused = 'connection_refused',
    Timeout = 'timeout',
    /** The connection dropped in the middle of an exchange (network trouble, a server restart). */
    ConnectionLost = 'connection_lost',
    CertificateUntrusted = 'tls_untrusted',
    TlsHandshakeFailed = 'tls_handshake',
    StartTlsUnavailable = 'starttls_unavailable',
    FolderNotFound = 'folder_not_found',
    RecipientRejected = 'recipient_rejected',
    MessageRejected = 'message_rejected',
    TemporaryFailure = 'temporary_failure',
    // OAuth2 sign-in.
    /** The inbox has no usable sign-in: never signed in, or the provider refused the refresh token (password changed, consent revoked, expired). */
    SignInNeeded = 'sign_in_needed',
    /** The provider refused the app registration or request (client id or secret, tenant, scopes, consent): the settings have to change. */
    SignInRefused = 'sign_in_refused',
    /** The provider's token endpoint did not answer, or answered with a server error: tried again later. */
    SignInUnavailable = 'sign_in_unavailable',
    // Rocket.Chat.
    /** No new chat now (no agent online while chats without agents are refused...): the workspace has to change. */
    NewChatRefused = 'new_chat_refused',
    /** The inbox's department does not exist in Rocket.Chat: the inbox's configuration has to change. */
    DepartmentUnknown = 'department_unknown',
    /** The sender is a contact blocked in Rocket.Chat's Contact Center. */
    ContactBlocked = 'contact_blocked',
    /** The room no longer takes its visitor's messages (their token changed): the mail needs a new room. */
    RoomNotWritable = 'room_not_writable',
    // The mail itself.
    /** The mail's bytes did not add up to the size the server announced, twice. */
    MailDamaged = 'mail_damaged',
    /** The server lists the mail but left it out of its answers twice. */
    MailNotReturned = 'mail_not_returned',
    Unknown = 'unknown',
}
