import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { UploadBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { CoreState } from '../CoreState';
import type { MessageSink } from './MessageSink';

/** Core's Meteor.Error as the app receives it through the engine: "<reason> [<error>]". */
function meteorError(error: string, reason?: string): Error {
    return new Error(reason ? `${reason} [${error}]` : `[${error}]`);
}

/**
 * Files, after core's apps/meteor/app/apps/server/bridges/uploads.ts createUpload: the type from
 * the name, the store's filter (file-upload/server/lib/FileUpload.ts validateFileUpload) before
 * anything is kept, then the file message as the visitor (livechat/server/methods/
 * sendFileLivechatMessage.ts) or the user.
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
        if (!details.userId && !details.visitorToken) throw new Error('Missing user to perform the upload operation');
        // determineFileType: by the name's extension; the bytes are sniffed only when the extension says nothing.
        const type = mediaTypeOf(details.name);
        this.validateFileUpload({ ...details, type, size: buffer.length });
        if (buffer.length === 0) throw new Error('File size (size = 0) is too small (min = 1) [file-too-small]');
        const room = this.state.rooms.get(details.rid);
        if (!room) throw meteorError('invalid-file', 'File does not match filter');
        const id = this.state.newId();
        // getUploadDetails: a visitor's upload has no user, whatever the app passed.
        const user = details.visitorToken ? undefined : details.userId ? this.state.users.get(details.userId) : undefined;
        const visitor = details.visitorToken ? [...this.state.visitors.values()].find((candidate) => candidate.token === details.visitorToken) : undefined;
        const now = new Date();
        const path = `/file-upload/${id}/${encodeURI(details.name)}`;
        const upload = {
            id,
            name: details.name,
            size: buffer.length,
            type,
            store: 'GridFS:Uploads',
            complete: true,
            uploading: false,
            progress: 1,
            etag: id,
            path,
            token: id.slice(0, 10),
            url: `${String(this.state.setting('Site_Url')).replace(/\/$/, '')}/ufs/GridFS:Uploads/${id}/${encodeURI(details.name)}`,
            updatedAt: now,
            uploadedAt: now,
            room: this.state.convertedRoom(room.id),
            ...(user && { user }),
            ...(visitor && { visitor }),
        } as unknown as IUpload;
        this.state.uploads.set(id, { upload, buffer: Buffer.from(buffer) });
        const file = { _id: id, name: details.name, type };
        const sender = user ?? (visitor ? { id: visitor.id, username: visitor.username, name: visitor.name } : undefined);
        await this.sink.save({
            room,
            sender: sender as IMessage['sender'],
            text: '',
            file,
            files: [file],
            groupable: false,
            attachments: [{ title: { value: details.name, link: path }, type: 'file', description: '' }],
            ...(visitor && { token: visitor.token, alias: visitor.name }),
        } as unknown as IMessage);
        return upload;
    }

    /** FileUpload.validateFileUpload, in core's order: room access first, then enabled, size and media type. */
    private validateFileUpload(file: IUploadDetails & { type: string; size: number }): void {
        const room = this.state.rooms.get(file.rid);
        if (!room) throw meteorError('invalid-file', 'File does not match filter');
        const user = file.userId ? this.state.users.get(file.userId) : undefined;
        if (user?.type !== 'app' && room.type === 'l') {
            // roomAccessValidator.compatibility.ts: a visitor may upload only into their own room while it is open.
            const token = this.state.roomVisitorTokens.get(room.id);
            const visitorMayUpload = Boolean(file.visitorToken) && token === file.visitorToken && (room as { isOpen?: boolean }).isOpen === true;
            const agentMayUpload = Boolean(user) && !file.visitorToken;
            if (!visitorMayUpload && !agentMayUpload) throw meteorError('invalid-file', 'File does not match filter');
        }
        if (!this.state.setting('FileUpload_Enabled')) throw meteorError('error-file-upload-disabled', 'File uploads are disabled.');
        const maxFileSize = Number.parseInt(String(this.state.setting('FileUpload_MaxFileSize')), 10);
        if (maxFileSize > -1 && file.size > maxFileSize) throw meteorError('error-file-too-large', `File exceeds allowed size of ${maxFileSize} bytes.`);
        if (
            !validContentType(
                file.type,
                String(this.state.setting('FileUpload_MediaTypeWhiteList') ?? ''),
                String(this.state.setting('FileUpload_MediaTypeBlackList') ?? ''),
            )
        ) {
            throw meteorError('error-invalid-file-type', 'File type is not accepted.');
        }
    }
}

/** apps/meteor/app/utils/lib/restrictions.ts fileUploadIsValidContentTypeFromSettings. */
function validContentType(type: string, whiteList: string, blackList: string): boolean {
    const list = (value: string) =>
        value
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean);
    const white = whiteList.trim() === '*' ? [] : list(whiteList);
    const black = list(blackList);
    const onList = (items: string[]) => items.includes(type) || items.includes(type.replace(/\/.*$/, '/*'));
    if (!type && black.length > 0) return false;
    if (onList(black)) return false;
    return white.length === 0 || onList(white);
}

/** The mime database's answer for the extensions the tests use (core: mime-type/with-db lookup by name). */
const MEDIA_TYPES: Record<string, string> = {
    txt: 'text/plain',
    log: 'text/plain',
    csv: 'text/csv',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    svg: 'image/svg+xml',
    html: 'text/html',
    htm: 'text/html',
    zip: 'application/zip',
    exe: 'application/x-msdownload',
    ics: 'text/calendar',
    eml: 'message/rfc822',
    bin: 'application/octet-stream',
    doc: 'application/msword',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    wav: 'audio/wav',
    ico: 'image/x-icon',
};

function mediaTypeOf(name: string): string {
    const extension = name.includes('.') ? (name.split('.').pop()?.toLowerCase() ?? '') : '';
    return MEDIA_TYPES[extension] ?? 'application/octet-stream';
}
