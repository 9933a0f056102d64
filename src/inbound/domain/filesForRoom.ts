/** A mail brings at most this many files into its room: each is an upload and a message of its own. */
export const MAX_FILES_PER_MAIL = 20;

/**
 * Which of a mail's files go into its room: those within the size limit, in the mail's order, up
 * to MAX_FILES_PER_MAIL; the rest are named in the message and stay in the mail on the server.
 */
export function filesForRoom<T extends { size: number }>(files: T[], limitBytes: number): { upload: T[]; tooLarge: T[]; overCount: T[] } {
    const fitting = files.filter((file) => file.size <= limitBytes);
    return {
        upload: fitting.slice(0, MAX_FILES_PER_MAIL),
        tooLarge: files.filter((file) => file.size > limitBytes),
        overCount: fitting.slice(MAX_FILES_PER_MAIL),
    };
}
