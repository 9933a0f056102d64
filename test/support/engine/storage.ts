import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import { AppLogStorage, AppMetadataStorage, AppSourceStorage } from '@rocket.chat/apps-engine/server/storage';
import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';

/** The engine's record of installed apps (core keeps it in rocketchat_apps). */
export class MemoryMetadataStorage extends AppMetadataStorage {
    private readonly items = new Map<string, IAppStorageItem>();

    constructor() {
        super('memory');
    }

    async create(item: IAppStorageItem): Promise<IAppStorageItem> {
        const stored = { ...item, _id: item._id ?? item.id, createdAt: new Date(), updatedAt: new Date() };
        this.items.set(stored.id, stored);
        return stored;
    }

    async retrieveOne(id: string): Promise<IAppStorageItem | null> {
        return this.items.get(id) ?? null;
    }

    async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
        return new Map(this.items);
    }

    async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
        return new Map(this.items);
    }

    async remove(id: string): Promise<{ success: boolean }> {
        return { success: this.items.delete(id) };
    }

    async updatePartialAndReturnDocument(item: Partial<IAppStorageItem>): Promise<IAppStorageItem> {
        const id = (item.id ?? item._id) as string;
        const stored = { ...(this.items.get(id) as IAppStorageItem), ...item, updatedAt: new Date() };
        this.items.set(id, stored);
        return stored;
    }

    async updateStatus(id: string, status: IAppStorageItem['status']): Promise<boolean> {
        const stored = this.items.get(id);
        if (stored) stored.status = status;
        return Boolean(stored);
    }

    async updateSetting(id: string, setting: ISetting): Promise<boolean> {
        const stored = this.items.get(id);
        if (stored) stored.settings = { ...stored.settings, [setting.id]: setting };
        return Boolean(stored);
    }

    async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
        const stored = this.items.get(id);
        if (stored) stored.info = info;
        return Boolean(stored);
    }

    async updateMarketplaceInfo(): Promise<boolean> {
        return true;
    }
}

/** App log entries (what Rocket.Chat shows under the app's Logs tab). */
export class MemoryLogStorage extends AppLogStorage {
    readonly entries: ILoggerStorageEntry[] = [];

    constructor() {
        super('memory');
    }

    async findPaginated(): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
        return { logs: this.entries, total: this.entries.length };
    }

    async storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
        this.entries.push(entry);
        return entry;
    }

    async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
        return this.entries.filter((entry) => entry.appId === appId);
    }

    async removeEntriesFor(appId: string): Promise<void> {
        const keep = this.entries.filter((entry) => entry.appId !== appId);
        this.entries.splice(0, this.entries.length, ...keep);
    }
}

/** The uploaded zips. */
export class MemorySourceStorage extends AppSourceStorage {
    private readonly zips = new Map<string, Buffer>();

    async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
        this.zips.set(item.id, zip);
        return item.id;
    }

    async fetch(item: IAppStorageItem): Promise<Buffer> {
        const zip = this.zips.get(item.id);
        if (!zip) throw new Error(`no source for app ${item.id}`);
        return zip;
    }

    async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.store(item, zip);
    }

    async remove(item: IAppStorageItem): Promise<void> {
        this.zips.delete(item.id);
    }
}
