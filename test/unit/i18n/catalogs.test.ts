import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { translate } from '../../../src/i18n/translate';
import { settingDefinitions } from '../../../src/settings/settingDefinitions';

const i18nDir = join(__dirname, '../../../i18n');
const en: Record<string, string> = JSON.parse(readFileSync(join(i18nDir, 'en.json'), 'utf8'));

function placeholders(text: string): string[] {
    return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
}

describe('i18n catalogs', () => {
    it('has an English label and description for every setting and select value', () => {
        for (const setting of settingDefinitions()) {
            assert.ok(en[setting.i18nLabel], `missing ${setting.i18nLabel}`);
            assert.ok(setting.i18nDescription && en[setting.i18nDescription], `missing ${setting.i18nDescription}`);
            for (const value of setting.values ?? []) assert.ok(en[value.i18nLabel], `missing ${value.i18nLabel}`);
        }
    });

    for (const file of readdirSync(i18nDir).filter((name) => name !== 'en.json')) {
        it(`${file} translates every English key`, () => {
            const catalog: Record<string, string> = JSON.parse(readFileSync(join(i18nDir, file), 'utf8'));
            assert.deepEqual(
                Object.keys(en).filter((key) => !catalog[key]),
                [],
            );
        });

        it(`${file} only has keys English has, with the same placeholders`, () => {
            const catalog: Record<string, string> = JSON.parse(readFileSync(join(i18nDir, file), 'utf8'));
            for (const [key, text] of Object.entries(catalog)) {
                assert.ok(key in en, `${file} has unknown key ${key}`);
                assert.deepEqual(placeholders(text), placeholders(en[key]), `${file} ${key} placeholders differ`);
            }
        });
    }

    it('fills placeholders and falls back to English', () => {
        assert.equal(translate('en', 'command_version', { version: '1.2.3' }), 'Email Inboxes 1.2.3');
        assert.equal(translate('xx-YY', 'command_version', { version: '1' }), 'Email Inboxes 1');
    });
});
