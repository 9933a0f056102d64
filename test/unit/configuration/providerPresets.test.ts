import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { emptyInboxInput } from '../../../src/configuration/domain/InboxInput';
import { applyPreset, presetById, presetForAddress } from '../../../src/configuration/domain/providerPresets';

describe('provider presets', () => {
    it('recognises Gmail and fills its servers', () => {
        const preset = presetForAddress('Someone@GMAIL.com');
        assert.equal(preset?.id, 'google');
        const filled = applyPreset({ ...emptyInboxInput(), email: 'someone@gmail.com' }, preset!);
        assert.equal(filled['smtp.host'], 'smtp.gmail.com');
        assert.equal(filled['smtp.port'], '465');
        assert.equal(filled['smtp.security'], 'ssl');
        assert.equal(filled['imap.host'], 'imap.gmail.com');
        assert.equal(filled['imap.port'], '993');
        assert.equal(filled['imap.username'], 'someone@gmail.com');
    });

    it('uses the product page settings for Microsoft 365 and Outlook.com', () => {
        for (const address of ['me@outlook.com', 'me@hotmail.com', 'me@live.com']) {
            const preset = presetForAddress(address);
            assert.equal(preset?.id, 'microsoft');
            assert.deepEqual(preset?.smtp, { host: 'smtp.office365.com', port: 587, security: 'starttls' });
            assert.deepEqual(preset?.imap, { host: 'outlook.office365.com', port: 993, security: 'ssl' });
        }
        assert.equal(presetById('microsoft')?.noteKey, 'preset_note_microsoft');
    });

    it('never overwrites what the admin typed', () => {
        const typed = { ...emptyInboxInput(), email: 'me@yahoo.com', 'imap.host': 'imap.custom.example', 'smtp.username': 'other' };
        const filled = applyPreset(typed, presetForAddress(typed.email)!);
        assert.equal(filled['imap.host'], 'imap.custom.example');
        assert.equal(filled['smtp.username'], 'other');
        assert.equal(filled['smtp.host'], 'smtp.mail.yahoo.com');
    });

    it('knows nothing about custom domains', () => {
        assert.equal(presetForAddress('support@acme.example'), undefined);
        assert.equal(presetForAddress('no-at-sign'), undefined);
    });
});
