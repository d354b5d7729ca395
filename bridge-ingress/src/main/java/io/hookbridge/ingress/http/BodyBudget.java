package io.hookbridge.ingress.http;

/**
 * The bytes of request bodies one event loop holds in memory at once, so that no client, however many
 * connections it opens, can make the ingress hold more than {@code budget} bytes of bodies:
 * <pre>
 *   0 ................................................ budget
 *   |<------ large bodies: at most budget - reserve ------>|
 *   |<------------- small bodies: all of it --------------------->|
 *                                            |<-- reserve -->|  only small bodies may use the last quarter
 * </pre>
 * A request takes its declared {@code Content-Length} up front (so a slow body holds its whole size from the
 * start and cannot creep past the budget), a chunked one takes bytes as they arrive. A body above
 * {@code smallBodyBytes} is large: large bodies can never take the reserve, so genuine webhooks (a few KiB)
 * are still taken while slow multi-MiB uploads hold every byte they may. One large body is always let in
 * when no other is held, so that a budget barely above {@code maxBodyBytes} still takes the largest body.
 * Touched only on the verticle's event loop.
 */
final class BodyBudget {

    /** What one request holds; released once, when it is answered or its connection is lost. */
    static final class Share {
        private long bytes;
        private boolean large;
    }

    private final long budget;
    private final long largeLimit;
    private final long smallBodyBytes;
    private long held;
    private long heldByLarge;

    BodyBudget(long budget, long smallBodyBytes) {
        this.budget = budget;
        this.largeLimit = budget - budget / 4;
        this.smallBodyBytes = smallBodyBytes;
    }

    /** Grows {@code share} to {@code total} bytes; false (and nothing taken) when the budget does not allow it. */
    boolean growTo(Share share, long total) {
        long more = total - share.bytes;
        if (more <= 0) return true;
        if (held + more > budget) return false;
        boolean large = total > smallBodyBytes;
        if (large) {
            long largeAfter = heldByLarge + (share.large ? more : total);
            long othersLarge = heldByLarge - (share.large ? share.bytes : 0);
            if (largeAfter > largeLimit && othersLarge > 0) return false;
            if (!share.large) {
                heldByLarge += share.bytes;
                share.large = true;
            }
            heldByLarge += more;
        }
        held += more;
        share.bytes = total;
        return true;
    }

    void release(Share share) {
        held -= share.bytes;
        if (share.large) heldByLarge -= share.bytes;
        share.bytes = 0;
        share.large = false;
    }

    long held() {
        return held;
    }
}
