import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { UIKitIncomingInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { IListenerBridge } from '@rocket.chat/apps-engine/server/bridges';

type Execute = (int: AppInterface, data: unknown) => Promise<void | boolean | IMessage | IRoom>;

/** Core's listener bridge: hands events to the engine's listener manager. */
export class HostListenerBridge implements IListenerBridge {
    constructor(private readonly manager: () => AppManager) {}

    private execute(): Execute {
        return this.manager().getListenerManager().executeListener.bind(this.manager().getListenerManager()) as unknown as Execute;
    }

    messageEvent(int: AppInterface, message: IMessage): Promise<void | boolean | IMessage> {
        return this.execute()(int, message) as Promise<void | boolean | IMessage>;
    }

    roomEvent(int: AppInterface, room: IRoom): Promise<void | boolean | IRoom> {
        return this.execute()(int, room) as Promise<void | boolean | IRoom>;
    }

    async uiKitInteractionEvent(int: AppInterface, action: UIKitIncomingInteraction): Promise<void | boolean> {
        await this.execute()(int, action);
    }
}
