import type { Inbox } from '../configuration/domain/Inbox';
import { ConnectionError } from '../connection/domain/ConnectionError';
import { ErrorCode } from '../errors/ErrorCode';
import type { Deadline } from '../runtime/Deadline';
import { accessTokenFor, loggingInWith, replaceRefusedToken } from './AccessTokens';
import { retriesWithNewToken } from './domain/refusedToken';
import type { LoginCredential } from './domain/refusedToken';
import type { SignInServices } from './SignInServices';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * An inbox as it logs in to its mail servers for one piece of work: a mail check, a delivery
 * run's sends and Sent copies, a connection test. A password inbox logs in as it is; an OAuth2
 * inbox with its access token, refreshed first when it is about to expire.
 *
 * `run` is the one place where a refused access token is replaced (the poll, the outbox, the
 * Sent copier and the connection test all log in through it): a server that refuses a token the
 * app kept gets one fresh token before the login counts as refused (signin/domain/refusedToken).
 */
export class InboxLogin {
    private constructor(
        private readonly services: SignInServices,
        private current: Inbox,
        private credential: LoginCredential,
        private readonly deadline: Deadline,
    ) {}

    /**
     * The inbox ready to log in. Throws ConnectionError when an OAuth2 inbox has no usable token:
     * sign_in_needed, sign_in_refused, sign_in_unavailable (signin/AccessTokens).
     */
    public static async start(services: SignInServices, inbox: Inbox, deadline: Deadline): Promise<InboxLogin> {
        if (!inbox.oauth) return new InboxLogin(services, inbox, 'password', deadline);
        const token = await accessTokenFor(services, inbox, inbox.oauth, deadline);
        return new InboxLogin(services, loggingInWith(inbox, token.accessToken), token.credential, deadline);
    }

    /** The inbox as it logs in now, with the access token in use: what errors are cleaned of. */
    public get inbox(): Inbox {
        return this.current;
    }

    /**
     * Runs `work` logged in as `inbox`. When a server refuses a kept access token (`work` throws
     * auth_failed, or `refusedIn` finds a refusal in what it returns, as a connection test reports
     * one), the token is replaced under the inbox's claim and `work` runs once more with the new
     * one: its outcome is then final, and so is any refusal of a token issued for this login.
     * `work` must meet the refusal at its login, before it changes anything (every IMAP and SMTP
     * session does), so that running it again repeats nothing.
     *
     * Throws what `work` throws, or the ConnectionError of a refresh that did not give a token:
     * sign_in_needed when the provider refused the sign-in (the inbox is then paused and the admin
     * told once, signin/AccessTokens), sign_in_refused, sign_in_unavailable.
     */
    public async run<T>(work: (inbox: Inbox) => Promise<T>, refusedIn: (result: T) => boolean = () => false): Promise<T> {
        const used = this.current;
        const credential = this.credential;
        const attempt = await settle(work(used));
        const failure = attempt.ok ? (refusedIn(attempt.value) ? ErrorCode.AuthenticationFailed : undefined) : codeOf(attempt.error);
        if (!failure || !retriesWithNewToken(failure, credential) || !used.oauth) return outcome(attempt);
        // Another run of this login may have replaced the token meanwhile: then it is taken without a refresh.
        if (this.current === used) {
            const accessToken = await replaceRefusedToken(this.services, used, used.oauth, used.imap.accessToken ?? '', this.deadline);
            this.current = loggingInWith(used, accessToken);
            this.credential = 'new-token';
            this.services.log.info(`inbox ${used.name}: the mail server refused the access token the app held; logging in again with a new one`);
        }
        return work(this.current);
    }
}

async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
    try {
        return { ok: true, value: await work };
    } catch (error) {
        return { ok: false, error };
    }
}

function outcome<T>(settled: Settled<T>): T {
    if (settled.ok) return settled.value;
    throw settled.error;
}

/** Only a classified refusal counts: the mail edges throw ConnectionErrors, anything else is not a login's. */
function codeOf(error: unknown): ErrorCode | undefined {
    return error instanceof ConnectionError ? error.code : undefined;
}
