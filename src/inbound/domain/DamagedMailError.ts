/**
 * A mail whose bytes did not add up: the server announced one size (RFC822.SIZE) and another
 * arrived, twice. It is held like a mail Rocket.Chat refused (status names it, later checks try
 * again, it may be set aside), never posted cut or with a damaged file.
 */
export class DamagedMailError extends Error {
    constructor(
        readonly uid: number,
        readonly expectedBytes: number,
        readonly receivedBytes: number,
        /** The server listed the mail but left it out of its answers. */
        readonly notReturned = false,
    ) {
        super(
            notReturned
                ? `the server lists this mail but left it out of its answer twice; it was not posted`
                : `the mail arrived with ${receivedBytes} bytes instead of the ${expectedBytes} the server announced, twice; it was not posted`,
        );
        this.name = 'DamagedMailError';
    }
}
