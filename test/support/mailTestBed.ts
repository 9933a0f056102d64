import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEngineHost } from './engine';
import type { EngineHost } from './engine';
import { createTestCa, startDovecot, startSmtpServer } from './mail';
import type { DovecotServer, MailUser, SmtpTestServer } from './mail';

/** What an engine test with mail runs against: a private Dovecot and SMTP server and the engine host with the app installed. */
export interface MailTestBed {
    host: EngineHost;
    dovecot: DovecotServer;
    smtp: SmtpTestServer;
    /** Stops everything that started and removes the test CA's keys. */
    stop(): Promise<void>;
}

/**
 * Starts Dovecot (with `imapUsers`) and an SMTP server (with `smtpUsers`), both trusting one test
 * CA, then the engine host with an `admin`, whatever `workspace` adds (agents, departments,
 * settings), and the app installed. Should any step fail, whatever did start is stopped.
 */
export async function startMailTestBed(options: {
    imapUsers: MailUser[];
    smtpUsers: MailUser[];
    /** Storage quotas (KiB) of some IMAP users, enforced by Dovecot's quota plugin. */
    quotaKiB?: Record<string, number>;
    workspace?: (host: EngineHost) => void;
    /** HostOptions.push: leave the app's push on (off by default). */
    push?: boolean;
}): Promise<MailTestBed> {
    const caDir = mkdtempSync(join(tmpdir(), 'email-inboxes-ca-'));
    const started: { host?: EngineHost; dovecot?: DovecotServer; smtp?: SmtpTestServer } = {};
    const stop = async () => {
        await started.host?.stop();
        await started.dovecot?.stop();
        await started.smtp?.close();
        rmSync(caDir, { recursive: true, force: true });
    };
    try {
        const ca = await createTestCa(caDir);
        started.dovecot = await startDovecot({ users: options.imapUsers, ca, quotaKiB: options.quotaKiB });
        started.smtp = await startSmtpServer({ users: options.smtpUsers, ca });
        started.host = await startEngineHost({ push: options.push });
        started.host.users.add({ username: 'admin', roles: ['admin'] });
        options.workspace?.(started.host);
        await started.host.installApp();
        return { host: started.host, dovecot: started.dovecot, smtp: started.smtp, stop };
    } catch (error) {
        await stop();
        throw error;
    }
}
