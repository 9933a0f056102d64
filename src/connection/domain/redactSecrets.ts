/** Replaces every occurrence of each secret (and its base64 form, as sent by AUTH PLAIN/LOGIN) with "***". */
export function redactSecrets(text: string, secrets: readonly string[]): string {
    let result = text;
    for (const secret of secrets) {
        if (secret.length < 3) continue;
        for (const form of [secret, Buffer.from(secret).toString('base64')]) {
            result = result.split(form).join('***');
        }
    }
    return result;
}
