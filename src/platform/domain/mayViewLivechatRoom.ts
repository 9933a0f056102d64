/**
 * Roles Rocket.Chat grants `view-livechat-rooms` by default (apps/meteor/app/authorization/server/
 * constant/permissions.ts), which lets them open any omnichannel room.
 */
export const ROOM_VIEWER_ROLES = ['admin', 'livechat-manager', 'livechat-monitor'] as const;

/**
 * Whether a user may see an omnichannel room's content, as core's room access validators decide
 * (apps/meteor/app/livechat/server/roomAccessValidator.compatibility.ts) with its default
 * permissions: holders of `view-livechat-rooms` (by role: apps cannot read permissions) and the
 * agent serving the room. Core's other ways in are left out, as an app cannot check them: an
 * agent of the room's department previewing it in the queue (Manual_Selection), or seeing it
 * closed with `view-livechat-room-closed-same-department` (a manager's permission by default);
 * such an agent is refused here, never shown more than core would show.
 */
export function mayViewLivechatRoom(user: { id: string; roles?: readonly string[] }, room: { servedById?: string }): boolean {
    if ((user.roles ?? []).some((role) => (ROOM_VIEWER_ROLES as readonly string[]).includes(role))) return true;
    return Boolean(room.servedById) && room.servedById === user.id;
}
