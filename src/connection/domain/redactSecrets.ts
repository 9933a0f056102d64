/** The answer to an AUTH / AUTHENTICATE command as a client sends it: its base64 holds the password, mixed with the user name. */
const AUTH_RESPONSE = /(\bAUTH(?:ENTICATE)?\s+(?:PLAIN|LOGIN|XOAUTH2|OAUTHBEARER)\s+)[A-Za-z0-9+/=]{4,}/gi;

/**
 * Replaces every occurrence of each secret (and its base64 form, as sent by AUTH LOGIN) with
 * "***", and the whole answer of an AUTH command (AUTH PLAIN encodes user and password together).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
    let result = text.replace(AUTH_RESPONSE, '$1***');
    for (const secret of secrets) {
        if (secret.length < 3) continue;
        for (const form of [secret, Buffer.from(secret).toString('base64')]) {
            result = result.split(form).join('***');
        }
    }
    return result;
}
