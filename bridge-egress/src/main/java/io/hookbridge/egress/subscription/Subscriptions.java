package io.hookbridge.egress.subscription;

import io.hookbridge.egress.events.EventTypes;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The subscription table as the admin API and delivery use it: read from memory, written through Kafka.
 * {@link SubscriptionStore} is the one implementation; its start and stop belong to the composition root.
 */
public interface Subscriptions {

    /** Null when there is no such subscription (the delivery path's cheap lookup). */
    Subscription find(String id);

    /** Oldest first. */
    List<Subscription> all();

    /** The ids of the enabled subscriptions whose {@code eventTypes} match {@code type}, oldest first. */
    default List<String> subscribedTo(String type) {
        return all().stream().filter(s -> s.enabled() && EventTypes.matches(s.eventTypes(), type)).map(Subscription::id).toList();
    }

    /** Changes whenever any subscription changes: lets callers cache what they derive from the table. */
    long version();

    /** Completes once Kafka has the change; the table shows it from then on. */
    Future<Subscription> put(Subscription subscription);

    Future<Void> delete(String id);

    /** Writes {@code change} of the current version; a failed future when there is no such subscription. */
    Future<Subscription> update(String id, UnaryOperator<Subscription> change);
}
