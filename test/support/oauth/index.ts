export { googleLikeClient, microsoftLikeClient, startAuthServer } from './authServer';
export type { AuthServer, Introspection } from './authServer';
export { DEVICE_CODE_GRANT } from './protocol';
export type { AuthAccount, AuthClient, AuthCounters, AuthEndpoints, AuthServerOptions, OAuthGrantType } from './protocol';
export { OAuthRequestError, pkcePair, TokenClient } from './TokenClient';
export type { DeviceAuthorization, TokenSet } from './TokenClient';
export { BrowserlessSession } from './BrowserlessSession';
export type { HtmlForm, SessionPage } from './BrowserlessSession';
