import type { IHttp, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';

import type { OAuthSettings } from '../configuration/domain/SignIn';
import { redactSecrets } from '../connection/domain/redactSecrets';
import { BUDGET } from '../runtime/budgets';
import type { Deadline } from '../runtime/Deadline';
import { readTokenAnswer } from './domain/tokenAnswer';
import type { TokenAnswer } from './domain/tokenAnswer';

export type DeviceCodeAnswer =
    | { kind: 'code'; deviceCode: string; userCode: string; verificationUri: string; verificationUriComplete?: string; expiresIn: number; interval: number }
    | { kind: 'refused'; error: string; description: string }
    | { kind: 'unavailable'; detail: string };

/**
 * The provider's token and device endpoints, asked through Rocket.Chat's HTTP bridge (core's
 * fetch: no TLS of our own in the app runtimes). The client authenticates in the form body
 * (client_secret_post), which Microsoft, Google and standard servers accept; a public client
 * sends only its id. Nothing secret leaves in an error: every detail is redacted.
 */
export class OAuthServer {
    constructor(
        private readonly http: IHttp,
        private readonly settings: OAuthSettings,
    ) {}

    /** Exchanges a sign-in link's code (with its PKCE verifier). */
    public async exchangeCode(code: string, verifier: string, redirectUri: string, deadline: Deadline): Promise<TokenAnswer> {
        return this.token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }, deadline, [code, verifier]);
    }

    public async refresh(refreshToken: string, deadline: Deadline): Promise<TokenAnswer> {
        // Microsoft's v2.0 endpoint asks for the scopes again (the token is for one resource, the
        // Outlook one here); other servers give the refreshed token the sign-in's scopes.
        const params: Record<string, string> = { grant_type: 'refresh_token', refresh_token: refreshToken };
        if (this.settings.provider === 'microsoft') params.scope = this.settings.scopes.join(' ');
        return this.token(params, deadline, [refreshToken]);
    }

    /** RFC 8628 3.4: asked again at the given interval until the admin signed in. */
    public async pollDevice(deviceCode: string, deadline: Deadline): Promise<TokenAnswer> {
        return this.token({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }, deadline, [deviceCode]);
    }

    public async requestDeviceCode(deadline: Deadline): Promise<DeviceCodeAnswer> {
        const answer = await this.post(this.settings.deviceUrl, { scope: this.settings.scopes.join(' ') }, deadline, []);
        if ('detail' in answer) return { kind: 'unavailable', detail: answer.detail };
        const { status, body } = answer;
        const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
        // Microsoft calls it verification_url in some answers; RFC 8628 says verification_uri.
        const verificationUri = text('verification_uri') || text('verification_url');
        if (status >= 200 && status < 300 && text('device_code') && text('user_code') && verificationUri) {
            const number = (name: string, fallback: number) => (Number(fields[name]) > 0 ? Number(fields[name]) : fallback);
            return {
                kind: 'code',
                deviceCode: text('device_code'),
                userCode: text('user_code'),
                verificationUri,
                ...(text('verification_uri_complete') && { verificationUriComplete: text('verification_uri_complete') }),
                expiresIn: number('expires_in', 900),
                interval: number('interval', 5),
            };
        }
        if (text('error') && status < 500) return { kind: 'refused', error: text('error'), description: text('error_description').slice(0, 500) };
        return { kind: 'unavailable', detail: `HTTP ${status}` };
    }

    private async token(params: Record<string, string>, deadline: Deadline, secrets: string[]): Promise<TokenAnswer> {
        const answer = await this.post(this.settings.tokenUrl, params, deadline, secrets);
        if ('detail' in answer) return { kind: 'unavailable', detail: answer.detail };
        const read = readTokenAnswer(answer.status, answer.body);
        if (read.kind === 'refused') return { ...read, description: redactSecrets(read.description, this.secrets(secrets)) };
        return read;
    }

    private async post(
        url: string,
        params: Record<string, string>,
        deadline: Deadline,
        secrets: string[],
    ): Promise<{ status: number; body: unknown } | { detail: string }> {
        const form = new URLSearchParams({ client_id: this.settings.clientId, ...params });
        if (this.settings.clientSecret) form.set('client_secret', this.settings.clientSecret);
        const timeout = Math.max(1_000, Math.min(BUDGET.tokenRequest, deadline.remaining()));
        let response: IHttpResponse;
        try {
            response = await this.http.post(url, {
                content: form.toString(),
                headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
                timeout,
            });
        } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            return { detail: redactSecrets(`${new URL(url).host}: ${message}`, this.secrets(secrets)) };
        }
        return { status: response.statusCode, body: response.data ?? parseJson(response.content) };
    }

    private secrets(extra: string[]): string[] {
        return [this.settings.clientSecret, ...extra].filter(Boolean);
    }
}

function parseJson(content: unknown): unknown {
    if (typeof content !== 'string') return undefined;
    try {
        return JSON.parse(content);
    } catch {
        return undefined;
    }
}
