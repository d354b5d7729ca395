package io.hookbridge.egress.ssrf;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves a delivery's host and vets every address with the {@link TargetPolicy}; the caller then
 * connects to the vetted address itself (never resolving the name again), so a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot slip a private address through. Lookups
 * block, so they run on a worker thread; answers are kept for {@code ttlMillis} so that a busy
 * subscription does not resolve its host for every delivery.
 */
public final class TargetResolver {

    private final Vertx vertx;
    private final TargetPolicy policy;
    private final long ttlNanos;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Future<InetAddress[]> addresses, long expiresAt) {
    }

    public TargetResolver(Vertx vertx, TargetPolicy policy, long ttlMillis) {
        this.vertx = vertx;
        this.policy = policy;
        this.ttlNanos = ttlMillis * 1_000_000;
    }

    /** The address to connect to for {@code host}, or a failed future with a {@link TargetRefusedException}. */
    public Future<InetAddress> vet(String host) {
        return resolve(host).compose(addresses -> {
            // Every address must pass: a name that also resolves to an internal address is refused.
            for (InetAddress address : addresses) {
                String refusal = policy.refusal(host, address);
                if (refusal != null) return Future.failedFuture(new TargetRefusedException(refusal));
            }
            return Future.succeededFuture(addresses[0]);
        });
    }

    private Future<InetAddress[]> resolve(String host) {
        long now = System.nanoTime();
        Cached cached = cache.get(host);
        if (cached != null && now - cached.expiresAt < 0) return cached.addresses;
        if (Cidr.isLiteral(host)) {
            Future<InetAddress[]> literal;
            try {
                literal = Future.succeededFuture(new InetAddress[]{Cidr.literal(host)});
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(new TargetRefusedException(e.getMessage()));
            }
            cache.put(host, new Cached(literal, now + ttlNanos));
            return literal;
        }
        Future<InetAddress[]> lookup = vertx.<InetAddress[]>executeBlocking(() -> {
            try {
                InetAddress[] all = InetAddress.getAllByName(host);
                if (all.length == 0) throw new TargetRefusedException(host + " cannot be resolved");
                return all;
            } catch (UnknownHostException e) {
                throw new TargetRefusedException(host + " cannot be resolved");
            }
        }, false);
        Cached entry = new Cached(lookup, now + ttlNanos);
        cache.put(host, entry);
        lookup.onFailure(e -> cache.remove(host, entry)); // a failed lookup is tried again next time
        return lookup;
    }
}
