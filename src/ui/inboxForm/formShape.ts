import type { InboxInput } from '../../configuration/domain/InboxInput';
import type { ConnectionSecurity } from '../../connection/domain/MailServer';
import { CONNECTION_SECURITIES } from '../../connection/domain/MailServer';
import { SIGN_IN_METHODS } from '../../configuration/domain/SignIn';
import type { SignInMethod } from '../../configuration/domain/SignIn';

/** The choices that decide which fields the inbox form shows. */
export interface FormShape {
    method: SignInMethod;
    smtpSecurity: ConnectionSecurity;
    imapSecurity: ConnectionSecurity;
}

/** The form's choices that change its shape, by actionId. */
export const SHAPE_FIELDS = ['signIn.method', 'smtp.security', 'imap.security'] as const;

/** The shape for these values: passwords and TLS unless they say otherwise. */
export function formShape(values: Partial<Pick<InboxInput, (typeof SHAPE_FIELDS)[number]>>): FormShape {
    const method = values['signIn.method'] as SignInMethod;
    const security = (value: string | undefined) => (CONNECTION_SECURITIES.includes(value as ConnectionSecurity) ? (value as ConnectionSecurity) : 'ssl');
    return {
        method: SIGN_IN_METHODS.includes(method) ? method : 'password',
        smtpSecurity: security(values['smtp.security']),
        imapSecurity: security(values['imap.security']),
    };
}

/** The shape after the admin chose `value` in the select `actionId`; undefined when that select does not shape the form. */
export function reshape(shape: FormShape, actionId: string, value: string): FormShape | undefined {
    if (actionId === 'signIn.method') return formShape({ 'signIn.method': value, 'smtp.security': shape.smtpSecurity, 'imap.security': shape.imapSecurity });
    if (actionId === 'smtp.security') return { ...shape, smtpSecurity: formShape({ 'smtp.security': value }).smtpSecurity };
    if (actionId === 'imap.security') return { ...shape, imapSecurity: formShape({ 'imap.security': value }).imapSecurity };
    return undefined;
}
