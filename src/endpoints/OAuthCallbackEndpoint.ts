import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint } from '@rocket.chat/apps-engine/definition/api';
import type { IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';

import { BUDGET } from '../runtime/budgets';
import { Deadline } from '../runtime/Deadline';
import { CALLBACK_PATH } from '../signin/domain/signInLinks';
import { resultPage } from '../signin/domain/resultPage';
import { finishCodeSignIn } from '../signin/finishCodeSignIn';
import type { CallbackQuery } from '../signin/finishCodeSignIn';
import { Services } from '../wiring/Services';

/**
 * The redirect URI of sign-in links: `<Site_Url>/api/apps/public/<appId>/oauth/callback`. Public
 * and unauthenticated because the provider sends the browser here; what makes a request count
 * is the single-use `state` the app handed to an inbox manager (signin/finishCodeSignIn).
 */
export class OAuthCallbackEndpoint extends ApiEndpoint {
    public override path = CALLBACK_PATH;

    public async get(
        request: IApiRequest,
        _endpoint: IApiEndpointInfo,
        read: IRead,
        modify: IModify,
        http: IHttp,
        persis: IPersistence,
    ): Promise<IApiResponse> {
        const query = (request.query ?? {}) as Record<string, unknown>;
        const text = (name: keyof CallbackQuery) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
        const page = await finishCodeSignIn(
            new Services(read, modify, persis, http, this.app.getLogger()),
            { state: text('state'), code: text('code'), error: text('error'), error_description: text('error_description') },
            Deadline.after(BUDGET.work),
        );
        return {
            status: page.status,
            // The page holds nothing to cache, and the address it came from held a code.
            headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
            content: resultPage(page),
        };
    }
}
