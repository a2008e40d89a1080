package io.aicaller.bridge.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpgradeBudgetTest {

    @Test
    void aBurstGetsTheBudgetAndTheRestRefillsAtTheRate() {
        UpgradeBudget budget = new UpgradeBudget(10, 0);
        int granted = 0;
        for (int i = 0; i < 50; i++) {
            if (budget.take(0)) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(10);
        assertThat(budget.take(50_000_000)).isFalse(); // 50 ms: half a token
        assertThat(budget.take(100_000_000)).isTrue(); // 100 ms: one
        assertThat(budget.take(100_000_000)).isFalse();
        // A long quiet spell refills to the burst size, no more.
        int afterQuiet = 0;
        for (int i = 0; i < 50; i++) {
            if (budget.take(60_000_000_000L)) {
                afterQuiet++;
            }
        }
        assertThat(afterQuiet).isEqualTo(10);
    }
}
