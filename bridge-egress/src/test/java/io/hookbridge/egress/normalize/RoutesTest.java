package io.hookbridge.egress.normalize;

import io.hookbridge.common.config.RouteConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutesTest {

    @Test
    void aStarMatchesAnyRunIncludingDotsAndTheRestIsLiteral() {
        assertThat(Routes.glob("github.*").matcher("github.push").matches()).isTrue();
        assertThat(Routes.glob("github.*").matcher("github.pull_request.opened").matches()).isTrue();
        assertThat(Routes.glob("github.*").matcher("githubXpush").matches()).isFalse();
        assertThat(Routes.glob("*.invoice.*").matcher("stripe.invoice.paid").matches()).isTrue();
        assertThat(Routes.glob("*.invoice.*").matcher("stripe.charge.succeeded").matches()).isFalse();
        assertThat(Routes.glob("shop.orders?create").matcher("shop.orders/create").matches()).isTrue();
        assertThat(Routes.glob("a+b(c)").matcher("a+b(c)").matches()).isTrue();
        assertThat(Routes.glob("*").matcher("anything.at.all").matches()).isTrue();
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
