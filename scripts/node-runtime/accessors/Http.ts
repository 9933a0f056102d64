// base-runtime lib/accessors/http.ts: the HttpExtend defaults and pre-request handlers run in the
// app's process, the request itself is the host's HTTP bridge (`doCall` with the app's real id
// inside the payload, where the host's 'APP_ID' replacement cannot reach), then the pre-response
// handlers.
import type { IHttp, IHttpExtend, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors/IHttp';
import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors/IPersistence';
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors/IRead';

import type { Bridges } from './bridgeCall';
import type { AppIdSource } from './modify';

type RequestMethod = 'get' | 'post' | 'put' | 'head' | 'delete' | 'patch';

export class Http implements IHttp {
    constructor(
        private readonly read: IRead,
        private readonly persistence: IPersistence,
        private readonly httpExtender: IHttpExtend & {
            getDefaultHeaders(): Map<string, string>;
            getDefaultParams(): Map<string, string>;
            getPreRequestHandlers(): Array<{
                executePreHttpRequest(url: string, request: IHttpRequest, read: IRead, persistence: IPersistence): Promise<IHttpRequest>;
            }>;
            getPreResponseHandlers(): Array<{
                executePreHttpResponse(response: IHttpResponse, read: IRead, persistence: IPersistence): Promise<IHttpResponse>;
            }>;
        },
        private readonly bridges: Bridges,
        private readonly appId: AppIdSource,
    ) {}

    get(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
        return this.call(url, 'get', options);
    }

    put(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
        return this.call(url, 'put', options);
    }

    post(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
        return this.call(url, 'post', options);
    }

    del(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
        return this.call(url, 'delete', options);
    }

    patch(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
        return this.call(url, 'patch', options);
    }

    private async call(url: string, method: RequestMethod, options?: IHttpRequest): Promise<IHttpResponse> {
        let request = options || {};
        const headers = (request.headers ??= {});
        this.httpExtender.getDefaultHeaders().forEach((value, key) => {
            if (typeof headers[key] !== 'string') headers[key] = value;
        });
        const params = (request.params ??= {});
        this.httpExtender.getDefaultParams().forEach((value, key) => {
            if (typeof params[key] !== 'string') params[key] = value;
        });
        for (const handler of this.httpExtender.getPreRequestHandlers()) {
            request = await handler.executePreHttpRequest(url, request, this.read, this.persistence);
        }
        let response = await this.bridges.call<IHttpResponse>('getHttpBridge', 'doCall', { appId: this.appId(), method, url, request });
        for (const handler of this.httpExtender.getPreResponseHandlers()) {
            response = await handler.executePreHttpResponse(response, this.read, this.persistence);
        }
        return response;
    }
}
