import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { serverFilesSentMail } from '../../../src/configuration/domain/providerPresets';
import { pickSentFolder } from '../../../src/outbound/domain/sentFolder';

describe('pickSentFolder', () => {
    it('takes the folder the server marks as \\Sent, whatever its name', () => {
        assert.equal(pickSentFolder([{ path: 'INBOX' }, { path: 'Sent' }, { path: 'Postausgang', specialUse: '\\Sent' }]), 'Postausgang');
    });

    it('else a usual name, in any case, Exchange and Dovecot namespaces included', () => {
        assert.equal(pickSentFolder([{ path: 'INBOX' }, { path: 'Sent Items' }]), 'Sent Items');
        assert.equal(pickSentFolder([{ path: 'INBOX' }, { path: 'INBOX.Sent' }]), 'INBOX.Sent');
        assert.equal(pickSentFolder([{ path: 'INBOX' }, { path: 'SENT' }, { path: 'Sent Messages' }]), 'SENT');
    });

    it('finds none rather than guessing', () => {
        assert.equal(pickSentFolder([{ path: 'INBOX' }, { path: 'Drafts', specialUse: '\\Drafts' }]), undefined);
    });
});

describe('serverFilesSentMail', () => {
    it('knows the providers that file SMTP mail in Sent themselves', () => {
        assert.deepEqual(
            ['smtp.gmail.com', 'smtp.office365.com', 'smtp-mail.outlook.com', 'mail.example.com', 'smtp.fastmail.com', 'notgmail.com.evil.net'].map(
                serverFilesSentMail,
            ),
            [true, true, true, false, false, false],
        );
    });
});
