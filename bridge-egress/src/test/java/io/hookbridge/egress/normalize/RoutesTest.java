package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.RouteConfig;
import io.hookbridge.egress.events.EventTypes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesTest {

    @Test
    void aRoutePatternsStarMatchesAnyRunIncludingDotsAndTheRestIsLiteral() {
        assertThat(EventTypes.matches("github.*", "github.push")).isTrue();
        assertThat(EventTypes.matches("github.*", "github.pull_request.opened")).isTrue();
        assertThat(EventTypes.matches("github.*", "githubXpush")).isFalse();
        assertThat(EventTypes.matches("*.invoice.*", "stripe.invoice.paid")).isTrue();
        assertThat(EventTypes.matches("*.invoice.*", "stripe.charge.succeeded")).isFalse();
        assertThat(EventTypes.matches("shop.orders?create", "shop.orders/create")).isTrue();
        assertThat(EventTypes.matches("a+b(c)", "a+b(c)")).isTrue();
        assertThat(EventTypes.matches("*", "anything.at.all")).isTrue();
    }

    @Test
    void rulesAreGroupedByTopicSoAnEventIsCopiedToATopicOnce() {
        Routes routes = Routes.of(List.of(
                new RouteConfig("github.*", "gh"),
                new RouteConfig("*.invoice.*", "billing"),
                new RouteConfig("github.push", "gh")));

        assertThat(routes.targets()).extracting(Routes.Target::topic).containsExactly("gh", "billing");
        assertThat(routes.targets()).filteredOn(t -> t.matches("github.push")).extracting(Routes.Target::topic)
                .containsExactly("gh");
        assertThat(routes.targets()).filteredOn(t -> t.matches("stripe.invoice.paid")).extracting(Routes.Target::topic)
                .containsExactly("billing");
        assertThat(routes.targets()).filteredOn(t -> t.matches("slack.message")).isEmpty();
        assertThat(Routes.of(List.of()).isEmpty()).isTrue();
    }
}
