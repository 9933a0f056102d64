export { createTestCa } from './testCa';
export type { TestCa } from './testCa';
export { startDovecot, dovecotBinary } from './dovecot';
export type { DovecotOAuth2, DovecotServer, MailUser, OAuth2Mechanism } from './dovecot';
export { startSmtpServer } from './smtpServer';
export type { FailureStage, ReceivedSmtpMessage, SmtpOAuth2, SmtpTestServer } from './smtpServer';
export { freePort } from './freePort';
export { startFaultProxy } from './faultProxy';
export type { FaultProxy } from './faultProxy';
