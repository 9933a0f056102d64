/**
 * Apps cannot query Rocket.Chat permissions, so the server-side re-check of
 * `manage-email-inbox` compares the user's roles with the app's "manager roles" setting
 * (comma-separated; `admin` by default, as Rocket.Chat grants that permission to admins).
 */
export function hasManagerRole(userRoles: readonly string[] | undefined, managerRolesSetting: string): boolean {
    const allowed = managerRolesSetting
        .split(',')
        .map((role) => role.trim())
        .filter((role) => role.length > 0);
    return (userRoles ?? []).some((role) => allowed.includes(role));
}
