import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { parseServerUrl } from '../../configuration/domain/parseServerUrl';
import { isPemCertificateList } from '../../configuration/domain/validateInbox';
import type { ServerUrl } from '../../configuration/domain/parseServerUrl';
import type { SubmitContext } from '../SubmitContext';
import { SelftestBlock } from '../ViewIds';
import { runSelftest } from './runSelftest';

/** Runs the self-test from the submitted form and answers privately in the room the command came from. */
export async function submitSelftest(context: SubmitContext): Promise<IUIKitResponse> {
    const url = context.value(SelftestBlock.Url).trim();
    let target: ServerUrl;
    try {
        target = parseServerUrl(url);
    } catch (error) {
        return context.fieldErrors({ [SelftestBlock.Url]: context.t('selftest_bad_url', { reason: (error as Error).message }) });
    }
    const password = context.value(SelftestBlock.Password);
    if (password) target.server.password = password;
    const certificate = context.value(SelftestBlock.TrustedCertificate).trim();
    if (certificate && !isPemCertificateList(certificate)) {
        return context.fieldErrors({ [SelftestBlock.TrustedCertificate]: context.t('validation_certificate') });
    }
    if (certificate) target.server.trustedCertificate = certificate;
    const recipient = context.value(SelftestBlock.Recipient).trim() || undefined;
    await context.reply(await runSelftest(target, recipient, context.t));
    return context.success();
}
