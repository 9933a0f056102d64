import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { filesForRoom, MAX_FILES_PER_MAIL } from '../../../src/inbound/domain/filesForRoom';

describe('filesForRoom', () => {
    it('uploads the files within the size limit, in order, up to the most a mail brings; names the rest', () => {
        const files = Array.from({ length: 1_000 }, (_, index) => ({ name: `f${index}`, size: index === 3 ? 50 : 1 }));
        const { upload, tooLarge, overCount } = filesForRoom(files, 10);
        assert.equal(upload.length, MAX_FILES_PER_MAIL);
        assert.deepEqual(
            upload.slice(0, 4).map((file) => file.name),
            ['f0', 'f1', 'f2', 'f4'],
        );
        assert.deepEqual(
            tooLarge.map((file) => file.name),
            ['f3'],
        );
        assert.equal(overCount.length, 1_000 - 1 - MAX_FILES_PER_MAIL);
        assert.equal(upload.length + tooLarge.length + overCount.length, files.length, 'every file is either uploaded or named');
    });
});
