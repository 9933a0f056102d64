import { randomUUID } from 'crypto';

import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { describeServer } from '../../connection/domain/MailServer';
import { parseServerUrl } from '../../configuration/domain/parseServerUrl';
import { isPemCertificateList } from '../../configuration/domain/validateInbox';
import type { ServerUrl } from '../../configuration/domain/parseServerUrl';
import type { SubmitContext } from '../SubmitContext';
import { SelftestBlock } from '../ViewIds';
import { scheduleSelftest, selftestRequests } from './selftestRequest';

/**
 * Checks the self-test form and hands it to a job (selftestJob), which answers privately in the
 * room the command came from; the form closes at once.
 */
export async function submitSelftest(context: SubmitContext): Promise<IUIKitResponse> {
    const url = context.value(SelftestBlock.Url).trim();
    let target: ServerUrl;
    try {
        target = parseServerUrl(url);
    } catch (error) {
        return context.fieldErrors({ [SelftestBlock.Url]: context.t('selftest_bad_url', { reason: (error as Error).message }) });
    }
    const certificate = context.value(SelftestBlock.TrustedCertificate).trim();
    if (certificate && !isPemCertificateList(certificate)) {
        return context.fieldErrors({ [SelftestBlock.TrustedCertificate]: context.t('validation_certificate') });
    }
    const requestId = randomUUID();
    await selftestRequests(context.read.getPersistenceReader(), context.persis).put(requestId, {
        url,
        password: context.value(SelftestBlock.Password),
        recipient: context.value(SelftestBlock.Recipient).trim(),
        certificate,
        userId: context.user.id,
        roomId: context.viewContext,
        requestedAt: new Date().toISOString(),
    });
    await scheduleSelftest(context.modify, requestId);
    await context.reply(context.t('selftest_started', { protocol: target.protocol.toUpperCase(), server: describeServer(target.server) }));
    return context.success();
}
