import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit/IUIKitSurface';

import { formatSize } from '../../i18n/formatSize';
import { readableTime } from '../../i18n/readableTime';
import type { Translator } from '../../i18n/translate';
import { neutralizeMentions } from '../../mail/domain/neutralizeMentions';
import type { MailHeaders } from '../../omnichannel/ConversationStore';
import { formBlocks } from '../blocks/formBlocks';
import type { FormBlock } from '../blocks/formBlocks';
import { ViewName, viewId } from '../ViewIds';

/** Characters of headers per block: the client renders each as one code block; a few of them read better than one of 16 kB. */
export const HEADERS_PER_BLOCK = 3_000;

/** What the modal shows: the headers, none kept for this message, or a refusal (the user may not see the room). */
export type OriginalHeadersContent = { kind: 'headers'; entry: MailHeaders } | { kind: 'none' } | { kind: 'not_allowed' };

/**
 * Header text inside a mrkdwn code block, which Rocket.Chat's client renders verbatim
 * (fuselage-ui-kit MarkdownTextElement → message-parser `CODE`): only a run of three backticks
 * could end the block early, so each gets zero-width spaces between its backticks.
 */
function codeBlock(lines: string): string {
    return `\`\`\`\n${lines.replace(/`{3,}/g, (run) => run.split('').join('\u200b'))}\n\`\`\``;
}

/** The header lines in pieces of at most HEADERS_PER_BLOCK characters, cut between lines (a longer line alone is cut). */
function pieces(text: string): string[] {
    const result: string[] = [];
    let current = '';
    for (const line of text.split('\n')) {
        for (let start = 0; start < Math.max(1, line.length); start += HEADERS_PER_BLOCK) {
            const part = line.slice(start, start + HEADERS_PER_BLOCK);
            if (current && current.length + part.length + 1 > HEADERS_PER_BLOCK) {
                result.push(current);
                current = '';
            }
            current = current ? `${current}\n${part}` : part;
        }
    }
    if (current) result.push(current);
    return result;
}

/** A check's result as people read it: what the server wrote, or a dash for no result. */
const result = (value: string | undefined) => value ?? '—';

/**
 * "Original headers" of an imported mail (a modal): who sent it and when, what the receiving
 * server's Authentication-Results said (SPF, DKIM, DMARC, and the warning when the sender may be
 * forged), then the header lines as they arrived, verbatim in code blocks, and whether they were
 * cut. Pure: the data in, the view out.
 */
export function originalHeadersModal(appId: string, t: Translator, roomMessageId: string, content: OriginalHeadersContent): IUIKitSurfaceViewParam {
    const ui = formBlocks(appId, t('form_optional'));
    const blocks: FormBlock[] = [];
    if (content.kind === 'not_allowed') blocks.push(ui.section(t('headers_not_allowed')));
    else if (content.kind === 'none') blocks.push(ui.section(t('headers_none')));
    else {
        const { entry } = content;
        const auth = entry.authentication;
        blocks.push(
            ui.context(
                neutralizeMentions(
                    t('headers_intro', { from: entry.from ?? '—', date: entry.date ? readableTime(entry.date) : '—', messageId: entry.messageId }),
                ),
            ),
        );
        if (auth?.suspicious && entry.from) {
            const reason = t(auth.suspicious.reason === 'dmarc' ? 'inbound_spoofing_reason_dmarc' : 'inbound_spoofing_reason_spf_dkim', {
                domain: auth.suspicious.domain,
            });
            blocks.push(ui.callout(neutralizeMentions(t('inbound_spoofing_warning', { address: entry.from, reason })), 'danger'));
        }
        // The verdict's words come from a header: where the receiving server adds none, the sender wrote it.
        blocks.push(
            ui.section(
                auth
                    ? neutralizeMentions(
                          t('headers_auth', {
                              server: auth.server ?? t('headers_auth_unnamed'),
                              spf: result(auth.spf),
                              dkim: result(auth.dkim),
                              dmarc: result(auth.dmarc),
                          }),
                      )
                    : t('headers_auth_none'),
            ),
            ui.divider(),
            ...pieces(entry.headers).map((piece) => ui.section(codeBlock(piece))),
        );
        if (entry.cut) blocks.push(ui.context(t('headers_cut', { shown: formatSize(Buffer.byteLength(entry.headers)), size: formatSize(entry.size) })));
    }
    return {
        id: viewId(ViewName.OriginalHeaders, roomMessageId),
        type: UIKitSurfaceType.MODAL,
        title: { type: 'plain_text', text: t('headers_title') },
        blocks,
        close: {
            type: 'button',
            appId,
            blockId: 'original-headers-close',
            actionId: 'original-headers-close',
            text: { type: 'plain_text', text: t('headers_close') },
        },
    } as IUIKitSurfaceViewParam;
}
