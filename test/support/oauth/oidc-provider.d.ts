// The parts of oidc-provider 9 (which ships no type declarations) that the test auth server uses.
// Checked against node_modules/oidc-provider/lib; the configuration object stays loosely typed
// because oidc-provider validates it itself when the Provider is constructed.
declare module 'oidc-provider' {
    import type { IncomingMessage, ServerResponse } from 'node:http';

    /** What oidc-provider stores through an adapter: one model instance. */
    export type AdapterPayload = Record<string, unknown> & {
        uid?: string;
        userCode?: string;
        grantId?: string;
        accountId?: string;
        consumed?: number;
    };

    export interface OidcAdapter {
        upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void>;
        find(id: string): Promise<AdapterPayload | undefined>;
        findByUid(uid: string): Promise<AdapterPayload | undefined>;
        findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
        consume(id: string): Promise<void>;
        destroy(id: string): Promise<void>;
        revokeByGrantId(grantId: string): Promise<void>;
    }

    export interface OidcClient {
        clientId: string;
        grantTypeAllowed(type: string): boolean;
    }

    /** The Koa context handed to configuration functions and event listeners (the parts used here). */
    export interface OidcContext {
        body: unknown;
        type: string;
        oidc: { params?: Record<string, unknown>; client?: OidcClient };
    }

    export interface OidcError extends Error {
        error: string;
        error_description?: string;
        status: number;
    }

    export interface InteractionDetails {
        uid: string;
        prompt: {
            name: string;
            details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
        };
        params: Record<string, unknown>;
        session?: { accountId: string };
        grantId?: string;
    }

    export type InteractionResult = { login: { accountId: string } } | { consent: { grantId?: string } } | { error: string; error_description?: string };

    export interface Grant {
        addOIDCScope(scope: string): void;
        addOIDCClaims(claims: string[]): void;
        addResourceScope(resource: string, scope: string): void;
        save(): Promise<string>;
    }

    export interface GrantModel {
        new (properties: { accountId: string; clientId: string }): Grant;
        find(id: string): Promise<Grant | undefined>;
    }

    export class Provider {
        constructor(issuer: string, configuration: Record<string, unknown>);
        readonly issuer: string;
        readonly Grant: GrantModel;
        /** The absolute URL of a route, e.g. `token`, `device_authorization`, `code_verification`. */
        urlFor(route: string): string;
        callback(): (req: IncomingMessage, res: ServerResponse) => void;
        interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
        interactionFinished(
            req: IncomingMessage,
            res: ServerResponse,
            result: InteractionResult,
            options?: { mergeWithLastSubmission?: boolean },
        ): Promise<void>;
        on(event: 'grant.success', listener: (ctx: OidcContext) => void): this;
        on(event: 'grant.error' | 'server_error', listener: (ctx: OidcContext, error: OidcError) => void): this;
        on(event: 'device_authorization.success', listener: (ctx: OidcContext, body: Record<string, unknown>) => void): this;
    }

    export const errors: {
        InvalidTarget: new (description?: string) => OidcError;
    };
}
