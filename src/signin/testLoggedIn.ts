import type { Inbox } from '../configuration/domain/Inbox';
import { loginRefused, testInboxConnection } from '../configuration/testInboxConnection';
import type { ConnectionTestResult } from '../configuration/testInboxConnection';
import type { Deadline } from '../runtime/Deadline';
import { InboxLogin } from './InboxLogin';
import type { SignInServices } from './SignInServices';

/**
 * Both servers tested as the inbox logs in (configuration/testInboxConnection), an OAuth2 inbox
 * with its access token: a kept token either server refuses is replaced once and both are tested
 * again with the new one (InboxLogin), so the test tells what the next mail check will meet.
 * Gives back the inbox as it logged in last. Throws ConnectionError when the inbox cannot get a
 * token (sign_in_needed, sign_in_refused, sign_in_unavailable).
 */
export async function testLoggedIn(services: SignInServices, inbox: Inbox, deadline: Deadline): Promise<{ inbox: Inbox; test: ConnectionTestResult }> {
    const login = await InboxLogin.start(services, inbox, deadline);
    const test = await login.run((ready) => testInboxConnection(ready, deadline), loginRefused);
    return { inbox: login.inbox, test };
}
