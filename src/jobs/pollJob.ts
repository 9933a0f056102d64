import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import { runPoll } from '../inbound/PollRunner';
import { reviveDeviceSignIns } from '../signin/reviveDeviceSignIns';
import { Services } from '../wiring/Services';
import { JobId } from './JobId';
import { pushChainOf, runPushChain, startPushChain } from './pushChain';

/**
 * The poll job: fetches new mail from every active inbox and turns it into livechat
 * messages (inbound/PollRunner). Its recurring runs check every inbox and start the push chain
 * when none runs; its one-off runs are the push chain's (jobs/pushChain). The engine calls
 * processors with `this` bound to the app, whose logger is the one of this run.
 */
export function pollJob(): IProcessor {
    return {
        id: JobId.Poll,
        async processor(this: App, context: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
            const services = new Services(read, modify, persis, http, this.getLogger());
            const chain = pushChainOf(context);
            if (chain) {
                await runPushChain(services, modify.getScheduler(), chain);
                return;
            }
            const outcome = await runPoll(services);
            await reviveDeviceSignIns(services);
            await startPushChain(services, modify.getScheduler(), outcome.pushOn);
        },
    };
}
