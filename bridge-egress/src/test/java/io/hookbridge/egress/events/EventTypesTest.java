package io.hookbridge.egress.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypesTest {

    @Test
    void exactPrefixAndEverything() {
        assertThat(EventTypes.matches("github.push", "github.push")).isTrue();
        assertThat(EventTypes.matches("github.push", "github.pushed")).isFalse();
        assertThat(EventTypes.matches("stripe.*", "stripe.charge.succeeded")).isTrue();
        assertThat(EventTypes.matches("stripe.*", "stripe.")).isFalse();
        assertThat(EventTypes.matches("stripe.*", "stripes.charge")).isFalse();
        assertThat(EventTypes.matches("*", "anything.at.all")).isTrue();
        assertThat(EventTypes.matches(List.of("a.b", "c.*"), "c.d")).isTrue();
        assertThat(EventTypes.matches(List.of("a.b", "c.*"), "a.c")).isFalse();
    }

    @Test
    void aStarTakesOneOrMoreCharactersAnywhereAndGivesThemBackWhenTheRestDoesNotMatch() {
        assertThat(EventTypes.matches("a*b*c", "axxbyyc")).isTrue();
        assertThat(EventTypes.matches("a*b*c", "abbbc")).as("the first star gives back what the b needs").isTrue();
        assertThat(EventTypes.matches("a*b*c", "abc")).as("each star takes at least one").isFalse();
        assertThat(EventTypes.matches("*.invoice.*", "stripe.invoice.invoice.paid")).isTrue();
        assertThat(EventTypes.matches("*.paid", "stripe.invoice.paid")).isTrue();
        assertThat(EventTypes.matches("*.paid", "stripe.invoice.paid.late")).isFalse();
        assertThat(EventTypes.matches("shop.orders?create", "shop.orders/create")).isTrue();
        assertThat(EventTypes.matches("shop.orders?create", "shop.orderscreate")).isFalse();
        assertThat(EventTypes.matches("*", "")).as("* alone: every event, even one without a type").isTrue();
        assertThat(EventTypes.matches("github.*", "")).isFalse();
    }

    @Test
    void validPatterns() {
        assertThat(List.of("github.push", "stripe.*", "*", "shop.orders/create", "a_b-c.d"))
                .allMatch(p -> EventTypes.SUBSCRIPTION.matcher(p).matches());
        assertThat(List.of("", "a b", "a.*.b", "*.push", "a..b", "stripe*"))
                .noneMatch(p -> EventTypes.SUBSCRIPTION.matcher(p).matches());
    }
}
