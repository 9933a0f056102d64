import type { InboundEmail } from '../../src/mail/domain/InboundEmail';

/** A parsed email for unit tests of pure logic: a plain mail from Carla, changed by `overrides`. */
export function inboundEmail(overrides: Partial<InboundEmail> = {}): InboundEmail {
    return {
        messageId: 'abc@example.net',
        synthesizedMessageId: false,
        from: { address: 'carla@example.net', name: 'Carla' },
        replyTo: [],
        to: [],
        cc: [],
        subject: 'Question',
        references: [],
        attachments: [],
        headers: {},
        contentType: 'text/plain',
        rawSize: 100,
        parseWarnings: [],
        ...overrides,
    };
}
