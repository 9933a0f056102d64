import { generateKeyPairSync } from 'node:crypto';

import type { IRole } from '@rocket.chat/apps-engine/definition/roles';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { AppActivationBridge, AppDetailChangesBridge, EnvironmentalVariableBridge, RoleBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { IInternalBridge, IInternalFederationBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';

export class HostAppActivationBridge extends AppActivationBridge {
    readonly statusChanges: string[] = [];

    protected async appAdded(): Promise<void> {
        return;
    }

    protected async appUpdated(): Promise<void> {
        return;
    }

    protected async appRemoved(): Promise<void> {
        return;
    }

    protected async appStatusChanged(_app: unknown, status: string): Promise<void> {
        this.statusChanges.push(status);
    }

    protected async actionsChanged(): Promise<void> {
        return;
    }
}

export class HostAppDetailChangesBridge extends AppDetailChangesBridge {
    protected onAppSettingsChange(): void {
        return;
    }
}

/** Apps may read no environment variable, as in a default Rocket.Chat. */
export class HostEnvironmentalVariableBridge extends EnvironmentalVariableBridge {
    protected async getValueByName(): Promise<string | undefined> {
        return undefined;
    }

    protected async isReadable(): Promise<boolean> {
        return false;
    }

    protected async isSet(): Promise<boolean> {
        return false;
    }
}

const ROLES: IRole[] = ['admin', 'user', 'bot', 'app', 'livechat-agent', 'livechat-manager', 'livechat-guest'].map((name) => ({
    id: name,
    name,
    description: name,
    mandatory2fa: false,
    protected: true,
    scope: 'Users',
}));

export class HostRoleBridge extends RoleBridge {
    protected async getOneByIdOrName(idOrName: string): Promise<IRole | null> {
        return ROLES.find((role) => role.id === idOrName || role.name === idOrName) ?? null;
    }

    protected async getCustomRoles(): Promise<Array<IRole>> {
        return [];
    }
}

/** The engine signs installed apps with the workspace's key pair. */
export class HostFederationBridge implements IInternalFederationBridge {
    private readonly keys = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });

    async getPrivateKey(): Promise<string> {
        return this.keys.privateKey;
    }

    async getPublicKey(): Promise<string> {
        return this.keys.publicKey;
    }
}

export class HostInternalBridge implements IInternalBridge {
    constructor(private readonly state: CoreState) {}

    async doGetUsernamesOfRoomById(roomId: string): Promise<Array<string>> {
        return this.doGetUsernamesOfRoomByIdSync(roomId);
    }

    doGetUsernamesOfRoomByIdSync(roomId: string): Array<string> {
        const room = this.state.rooms.get(roomId);
        return (room?.userIds ?? []).map((id) => this.state.users.get(id)?.username ?? '').filter(Boolean);
    }

    async doGetWorkspacePublicKey(): Promise<ISetting> {
        return {
            id: 'Cloud_Workspace_PublicKey',
            value: '',
            packageValue: '',
            type: 'string',
            required: false,
            public: false,
            i18nLabel: '',
        } as unknown as ISetting;
    }
}

/**
 * A bridge the app never needs (cloud, video conferences, moderation...): every call
 * fails with a message naming it, so a test shows at once what the app tried to reach.
 */
export function unsupportedBridge<T extends object>(Bridge: abstract new () => T, name: string): T {
    const instance = Reflect.construct(Bridge as unknown as new () => T, []);
    return new Proxy(instance, {
        get(target, property, receiver) {
            const value: unknown = Reflect.get(target, property, receiver);
            if (value !== undefined || typeof property === 'symbol') return value;
            return () => {
                throw new Error(`${name}.${String(property)} is not available in the test host`);
            };
        },
    });
}
