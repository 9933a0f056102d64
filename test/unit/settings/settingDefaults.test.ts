import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import { defaultNumber, settingDefinitions } from '../../../src/settings/settingDefinitions';
import type { AppSetting } from '../../../src/settings/AppSetting';

describe('setting defaults', () => {
    it('gives every number setting the default it declares, one place for each', () => {
        const numbers = settingDefinitions().filter((setting) => setting.type === SettingType.NUMBER);
        assert.ok(numbers.length >= 4);
        for (const setting of numbers) {
            assert.equal(defaultNumber(setting.id as AppSetting), setting.packageValue, setting.id);
            assert.ok(Number.isFinite(defaultNumber(setting.id as AppSetting)), `${setting.id} has a number default`);
        }
    });
});
