import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors/IUIController';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Translator } from '../i18n/translate';

/** Where a view is shown: to whom, from which room, in which language, and how to open it. */
export interface UserSurface {
    appId: string;
    user: IUser;
    /** The room the command or button was used in: answers go there privately. */
    roomId: string;
    t: Translator;
    /** Opens the view for the user with the interaction's trigger id (the client shows it only within 5 s of the click). */
    open(view: IUIKitSurfaceViewParam): Promise<void>;
}

export function userSurface(modify: IModify, options: Omit<UserSurface, 'open'> & { triggerId: string }): UserSurface {
    const { triggerId, ...rest } = options;
    return {
        ...rest,
        open: (view) => modify.getUiController().openSurfaceView(view, { triggerId }, options.user),
    };
}
