import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { CoreState } from './CoreState';

const compiled = new Map<string, ValidateFunction>();

/**
 * Core: apps/meteor/app/lib/server/functions/sendMessage.ts validateMessage, the part an app's
 * message can reach, and app/lib/server/lib/validateCustomMessageFields.ts. Every message goes
 * through it, an app's and a livechat visitor's alike.
 */
export function validateMessage(state: CoreState, message: IMessage, options: { isLivechatGuest: boolean }): void {
    // Only a livechat guest's own alias passes without the message-impersonate permission; an avatar never does.
    if (message.avatarUrl && options.isLivechatGuest) throw new Error('Not enough permission');
    if (message.customFields) validateCustomFields(state, message.customFields);
}

function validateCustomFields(state: CoreState, customFields: object): void {
    if (state.setting('Message_CustomFields_Enabled') !== true) throw new Error('Custom fields not enabled');
    const source = String(state.setting('Message_CustomFields') ?? '');
    let validate = compiled.get(source);
    if (!validate) {
        const schema = JSON.parse(source) as { type?: string };
        if (schema.type && schema.type !== 'object') throw new Error('Invalid custom fields config');
        validate = new Ajv().compile({ ...schema, type: 'object', additionalProperties: false });
        compiled.set(source, validate);
    }
    if (!validate(customFields)) throw new Error('Invalid custom fields');
}
