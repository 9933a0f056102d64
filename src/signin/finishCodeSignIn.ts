import { formatConnectionTest } from '../configuration/formatConnectionTest';
import { testInboxConnection } from '../configuration/testInboxConnection';
import { translatorFor } from '../i18n/translate';
import type { Translator } from '../i18n/translate';
import { canManageInboxes } from '../platform/canManageInboxes';
import { BUDGET } from '../runtime/budgets';
import type { Deadline } from '../runtime/Deadline';
import { readWorkspaceLanguage } from '../settings/readSettings';
import { withAccessToken } from './AccessTokens';
import { keepTokens } from './completeSignIn';
import { refusalHintKey } from './domain/explainRefusal';
import { OAuthServer } from './OAuthServer';
import { tell } from './pollDeviceSignIn';
import type { SignInServices } from './SignInServices';

/** What the browser is shown after coming back from the provider. */
export interface SignInPage {
    status: number;
    ok: boolean;
    title: string;
    text: string;
}

/** The query a provider sends back to the redirect URI (RFC 6749 4.1.2, 4.1.2.1). */
export interface CallbackQuery {
    state?: string;
    code?: string;
    error?: string;
    error_description?: string;
}

/**
 * Finishes a sign-in link: the `state` must be one the app handed to an inbox manager, not yet
 * used and not expired (it is used up before anything else happens, so a replay finds nothing);
 * the starter must still be allowed to manage inboxes; then the code is exchanged with the PKCE
 * verifier only the app knows. The admin hears the result by direct message as well.
 */
export async function finishCodeSignIn(services: SignInServices, query: CallbackQuery, deadline: Deadline): Promise<SignInPage> {
    const workspaceT = translatorFor(await readWorkspaceLanguage(services.read));
    const refused = (t: Translator, text: string, status = 400): SignInPage => ({ status, ok: false, title: t('signin_page_failed_title'), text });
    const state = typeof query.state === 'string' ? query.state : '';
    const pending = state ? await services.pendingSignIns.byState(state) : undefined;
    if (!pending) return refused(workspaceT, workspaceT('signin_page_unknown_link'));
    // Two requests with one state (a double click, a replay): only the claim's winner goes on.
    const claim = await services.claims.claim(`oauth-state:${state}`, BUDGET.checkClaim, pending.inboxId);
    if (!claim) return refused(workspaceT, workspaceT('signin_page_unknown_link'));
    try {
        await services.pendingSignIns.remove(pending);
        const user = await services.read.getUserReader().getById(pending.userId);
        const t = translatorFor(user?.settings?.preferences?.language ?? (await readWorkspaceLanguage(services.read)));
        if (Date.now() > Date.parse(pending.expiresAt)) return refused(t, t('signin_page_expired'));
        const inbox = await services.inboxes.getById(pending.inboxId);
        if (!inbox?.oauth) return refused(t, t('inbox_gone'), 404);
        if (!user || !(await canManageInboxes(services.read, user))) return refused(t, t('signin_page_not_manager'), 403);
        if (query.error || !query.code) {
            const error = query.error || 'invalid_request';
            const description = (query.error_description ?? '').slice(0, 500);
            const hint = t(refusalHintKey(error, description), { name: inbox.name });
            await tell(services, pending, (tu) => tu('signin_failed', { name: inbox.name, detail: `${error}${description ? `: ${description}` : ''}`, hint }));
            return refused(t, `${error}${description ? `: ${description}` : ''} — ${hint}`);
        }
        const answer = await new OAuthServer(services.http, inbox.oauth).exchangeCode(query.code, pending.verifier, pending.redirectUri, deadline);
        if (answer.kind !== 'tokens') {
            const detail =
                answer.kind === 'refused'
                    ? `${answer.error}${answer.description ? `: ${answer.description}` : ''}`
                    : answer.kind === 'unavailable'
                      ? answer.detail
                      : 'no answer';
            const hint = t(answer.kind === 'refused' ? refusalHintKey(answer.error, answer.description) : 'hint_sign_in_unavailable', { name: inbox.name });
            await tell(services, pending, (tu) => tu('signin_failed', { name: inbox.name, detail, hint }));
            return refused(t, `${detail} — ${hint}`, answer.kind === 'refused' ? 400 : 502);
        }
        const kept = await keepTokens(services, inbox, answer.tokens, pending.username);
        if ('missing' in kept) {
            await tell(services, pending, (tu) => tu('signin_no_refresh_token', { name: inbox.name }));
            return refused(t, t('signin_no_refresh_token', { name: inbox.name }));
        }
        if ('gone' in kept) return refused(t, t('inbox_gone'), 404);
        const account = kept.account || inbox.imap.username;
        // The token was issued by this sign-in a moment ago: a server refusing it refuses the account
        // (signin/domain/refusedToken), so it is tested as it is, without InboxLogin's one refresh.
        const test = await testInboxConnection(await withAccessToken(services, inbox, deadline), deadline.plus(BUDGET.lastStep));
        await tell(services, pending, (tu) => `${tu('signin_done', { name: inbox.name, account })}\n${formatConnectionTest(tu, inbox, test)}`);
        return { status: 200, ok: true, title: t('signin_page_done_title'), text: t('signin_page_done', { name: inbox.name, account }) };
    } finally {
        await claim.release();
    }
}
