import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import { redirectUri } from './domain/signInLinks';

/** The redirect URI of this workspace (its Site_Url) for this app, as the admin registers it at the provider. */
export async function callbackUri(read: IRead, appId: string): Promise<string> {
    const siteUrl = await read.getEnvironmentReader().getServerSettings().getValueById('Site_Url');
    return redirectUri(String(siteUrl ?? ''), appId);
}
