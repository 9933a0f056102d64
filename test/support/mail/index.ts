export { createTestCa } from './testCa';
export type { TestCa } from './testCa';
export { startDovecot, dovecotBinary } from './dovecot';
export type { DovecotServer, MailUser } from './dovecot';
export { startSmtpServer } from './smtpServer';
export type { FailureStage, ReceivedSmtpMessage, SmtpTestServer } from './smtpServer';
export { freePort } from './freePort';
export { startFaultProxy } from './faultProxy';
export type { FaultProxy } from './faultProxy';
