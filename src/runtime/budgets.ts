/** Rocket.Chat's Apps-Engine ends every call into the app after this (its APPS_ENGINE_RUNTIME_TIMEOUT default). */
export const ENGINE_CALL_MS = 30_000;

/** How the app spends the engine's 30 s per call: every time limit of the app is one of these. */
export const BUDGET = {
    /** A job run, a command or a form takes no new work after this; the step it is on has the rest. */
    work: ENGINE_CALL_MS - 10_000,
    /** A message hook, which starts later in its call (core and the engine run first). */
    hook: ENGINE_CALL_MS - 8_000,
    /** One send that started just before the deadline may end this much after it. */
    lastSend: 6_000,
    /** Likewise the mail-server step (a FETCH, a SEARCH) a mail check is on at its deadline. */
    lastStep: 5_000,
    /**
     * The least time one inbox's check gets in a run, however many inboxes wait: logging in to a
     * distant server and looking for mail alone is a dozen round trips (some 1.5 s at 100 ms), so
     * a shorter share would spend the check on logging in and leave its mail for the next run.
     */
    checkShare: 5_000,
    /**
     * No inbox's check starts in a run's last this much: it would only log in and out, taking no
     * mail, and end the run late. The inbox comes first in the next run instead.
     */
    checkStart: 2_000,
    /** A Sent-folder copy after its send: the reply is out, and the copy must not cost the whole call. */
    lastCopy: 5_000,
    /** Looking at an untrusted certificate to explain it. */
    certificateLook: 5_000,
    /** A mail check's claim: past the engine's 30 s, for the mail a run is on when its time is up. */
    checkClaim: ENGINE_CALL_MS + 15_000,
    /**
     * A push run listens (IMAP IDLE) until this long after its start: a mail announced just
     * before takes an import (which stops taking mail at `work`, its step then has `lastStep`),
     * then DONE and the logout, all well inside the engine's 30 s.
     */
    pushListen: ENGINE_CALL_MS - 12_000,
    /** The push chain's lease, renewed by each of its runs as it starts: past the engine's 30 s, as a check's claim. */
    pushLease: ENGINE_CALL_MS + 15_000,
    /** How long a push run waits for the mail check's claim another run holds (a catch-up, another instance) before it gives up its turn. */
    pushClaimWait: 8_000,
    /** Reusing a connection kept from the previous push run: one round trip, or a fresh login. */
    pushReuse: 5_000,
    /** One request to an OAuth2 token endpoint. */
    tokenRequest: 10_000,
    /** A token refresh's claim, so that two parts of the app never refresh one inbox's token at once. */
    refreshClaim: 20_000,
    /** A sender's claim on an outbox email. */
    sendClaim: 2 * ENGINE_CALL_MS,
} as const;
