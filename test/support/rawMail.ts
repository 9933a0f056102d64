/** A file in a test mail: text as it is, bytes in base64. */
export interface RawMailFile {
    name: string;
    content: string | Buffer;
    contentType?: string;
}

/**
 * A mail as a mail client sends it (CRLF, MIME), for tests that deliver mail to Dovecot: plain
 * text alone, or multipart/mixed with its files.
 */
export function rawMail(options: {
    from: string;
    to: string;
    subject: string;
    messageId: string;
    body: string;
    date?: Date;
    headers?: string[];
    files?: RawMailFile[];
}): string {
    const headers = [
        `From: ${options.from}`,
        `To: ${options.to}`,
        `Subject: ${options.subject}`,
        `Message-ID: <${options.messageId}>`,
        `Date: ${(options.date ?? new Date()).toUTCString()}`,
        'MIME-Version: 1.0',
        ...(options.headers ?? []),
    ];
    if (!options.files?.length) return [...headers, 'Content-Type: text/plain; charset=utf-8', '', options.body, ''].join('\r\n');
    const parts = options.files.flatMap((file) => [
        '--b1',
        `Content-Type: ${file.contentType ?? 'text/plain'}; name="${file.name}"`,
        `Content-Disposition: attachment; filename="${file.name}"`,
        ...(typeof file.content === 'string'
            ? ['', file.content]
            : ['Content-Transfer-Encoding: base64', '', file.content.toString('base64').replace(/.{76}/g, '$&\r\n')]),
    ]);
    return [
        ...headers,
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        options.body,
        ...parts,
        '--b1--',
        '',
    ].join('\r\n');
}
