package io.hookbridge.ingress.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Large bodies never take the last quarter of the budget; small ones may use all of it. */
class BodyBudgetTest {

    private final BodyBudget budget = new BodyBudget(4_000, 100);

    @Test
    void largeBodiesStopAtThreeQuartersSmallOnesUseTheReserve() {
        BodyBudget.Share first = new BodyBudget.Share();
        BodyBudget.Share second = new BodyBudget.Share();
        BodyBudget.Share third = new BodyBudget.Share();
        assertThat(budget.growTo(first, 1_500)).isTrue();
        assertThat(budget.growTo(second, 1_500)).as("3,000 of 4,000: the large share is full").isTrue();
        assertThat(budget.growTo(third, 200)).as("a third large body").isFalse();
        for (int i = 0; i < 10; i++) {
            assertThat(budget.growTo(new BodyBudget.Share(), 100)).as("small body %d from the reserve", i).isTrue();
        }
        assertThat(budget.held()).isEqualTo(4_000);
        assertThat(budget.growTo(new BodyBudget.Share(), 1)).as("the whole budget spent").isFalse();
        budget.release(first);
        assertThat(budget.growTo(third, 1_500)).isTrue();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheSmallSizeCountsAsLarge() {
        BodyBudget.Share large = new BodyBudget.Share();
        assertThat(budget.growTo(large, 3_000)).isTrue();
        BodyBudget.Share growing = new BodyBudget.Share();
        assertThat(budget.growTo(growing, 100)).as("small so far").isTrue();
        assertThat(budget.growTo(growing, 101)).as("now large, and the large share is spent").isFalse();
        budget.release(growing);
        budget.release(large);
        assertThat(budget.held()).isZero();
    }

    @Test
    void oneLargeBodyIsAlwaysTakenWhenNoOtherIsHeld() {
        BodyBudget tight = new BodyBudget(1_000, 10);
        BodyBudget.Share largest = new BodyBudget.Share();
        assertThat(tight.growTo(largest, 1_000)).as("over the large share, but alone").isTrue();
        assertThat(tight.growTo(new BodyBudget.Share(), 1)).isFalse();
    }
}
