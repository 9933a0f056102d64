import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { readDeliveryReport } from '../../../src/inbound/domain/deliveryStatus';
import { parseInboundEmail } from '../../../src/inbound/parseInboundEmail';
import { CORPUS_DIR } from '../../support/mimeCorpus';

const report = async (file: string) => readDeliveryReport(await parseInboundEmail(readFileSync(join(CORPUS_DIR, file))));

describe('readDeliveryReport', () => {
    it('names the bounced mail and each failed recipient with the server words; delayed ones are not failures', async () => {
        assert.deepEqual(await report('delivery-status-for-a-reply.eml'), {
            originalMessageId: '8f14e45f-ceea-467f-a9f0-1b2c3d4e5f60@example.test',
            originalSubject: 'Re: Printer on fire',
            failed: [
                {
                    address: 'carla@example.net',
                    status: '5.1.1',
                    diagnostic: 'smtp; 550 5.1.1 <carla@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
                },
            ],
        });
    });

    it('reads a report without returned headers, which names no mail of ours', async () => {
        const read = await report('delivery-status-notification.eml');
        assert.equal(read.originalMessageId, undefined);
        assert.deepEqual(read.failed, [{ address: 'gone@example.net', status: '5.1.1', diagnostic: '' }]);
    });
});
