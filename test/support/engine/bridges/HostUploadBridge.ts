import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { UploadBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';
import type { MessageSink } from './MessageSink';

/**
 * Files: stored with their bytes, and, as core does for an app's upload into a room,
 * posted as a file message from the user or visitor it was uploaded for.
 */
export class HostUploadBridge extends UploadBridge {
    constructor(
        private readonly state: CoreState,
        private readonly sink: MessageSink,
    ) {
        super();
    }

    protected async getById(id: string): Promise<IUpload> {
        return this.state.uploads.get(id)?.upload as IUpload;
    }

    protected async getBuffer(upload: IUpload): Promise<Buffer> {
        const stored = this.state.uploads.get(upload.id);
        if (!stored) throw new Error(`upload ${upload.id} not found`);
        return stored.buffer;
    }

    protected async createUpload(details: IUploadDetails, buffer: Buffer): Promise<IUpload> {
        // Apps give no media type: core derives it from the name, then applies
        // FileUpload_MediaTypeBlackList, which defaults to image/svg+xml.
        const type = details.type || mediaTypeOf(details.name);
        if (type === 'image/svg+xml') throw new Error('error-invalid-file-type: File type is not accepted');
        const room = this.state.rooms.get(details.rid);
        if (!room) throw new Error(`room ${details.rid} not found`);
        const id = this.state.newId();
        const user = details.userId ? this.state.users.get(details.userId) : undefined;
        const visitor = details.visitorToken ? [...this.state.visitors.values()].find((candidate) => candidate.token === details.visitorToken) : undefined;
        const now = new Date();
        const upload: IUpload = {
            id,
            name: details.name,
            size: buffer.length,
            type,
            extension: details.name.includes('.') ? (details.name.split('.').pop() as string) : '',
            store: 'memory',
            complete: true,
            uploading: false,
            progress: 1,
            etag: id,
            path: `/ufs/memory/${id}/${encodeURIComponent(details.name)}`,
            token: id,
            url: `/file-upload/${id}/${encodeURIComponent(details.name)}`,
            updatedAt: now,
            uploadedAt: now,
            room,
            user,
            visitorToken: details.visitorToken,
        } as unknown as IUpload;
        this.state.uploads.set(id, { upload, buffer: Buffer.from(buffer) });
        const sender =
            user ?? (visitor ? ({ id: visitor.id, username: visitor.username, name: visitor.name, type: 'user' } as unknown as IMessage['sender']) : undefined);
        await this.sink.save({
            room,
            sender: sender as IMessage['sender'],
            file: { _id: id, name: details.name, type },
            attachments: [{ title: { value: details.name, link: upload.url }, type: 'file', description: '' }],
            ...(visitor && { token: visitor.token, visitor }),
        } as IMessage);
        return upload;
    }
}

const MEDIA_TYPES: Record<string, string> = {
    txt: 'text/plain',
    log: 'text/plain',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    svg: 'image/svg+xml',
    html: 'text/html',
    zip: 'application/zip',
};

function mediaTypeOf(name: string): string {
    return MEDIA_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
