/** What a generated mail of the bench says; one in ten carries a file, as customers' mail does. */
export interface BenchMail {
    from: string;
    to: string;
    subject: string;
    messageId: string;
    /** Paragraphs of the text part, joined by blank lines. */
    paragraphs: string[];
    attachment?: { name: string; bytes: number; fill: number };
}

/** The mail as a server stores it: CRLF lines, a text part, and the file base64-encoded in 76-character lines. */
export function benchMail(mail: BenchMail): string {
    const body = mail.paragraphs.join('\r\n\r\n');
    const headers = [
        `From: ${mail.from}`,
        `To: ${mail.to}`,
        `Subject: ${mail.subject}`,
        `Message-ID: <${mail.messageId}>`,
        `Date: ${new Date().toUTCString()}`,
        'MIME-Version: 1.0',
    ];
    if (!mail.attachment) return [...headers, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');
    const { name, bytes, fill } = mail.attachment;
    const content = Buffer.alloc(bytes, fill)
        .toString('base64')
        .replace(/(.{76})/g, '$1\r\n');
    return [
        ...headers,
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        body,
        '--b',
        `Content-Type: application/octet-stream; name="${name}"`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename="${name}"`,
        '',
        content,
        '--b--',
        '',
    ].join('\r\n');
}
