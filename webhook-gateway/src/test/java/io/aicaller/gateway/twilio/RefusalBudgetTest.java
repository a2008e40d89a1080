package io.aicaller.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RefusalBudgetTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void anAddressIsTurnedAwayOnceItSpentItsBurstAndEarnsItBackOverTime() {
        RefusalBudget budget = new RefusalBudget(3, 0.5, 100);
        long t = 42 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(budget.exhausted("203.0.113.66", t)).isFalse();
            budget.refused("203.0.113.66", t);
        }
        assertThat(budget.exhausted("203.0.113.66", t)).isTrue();
        assertThat(budget.exhausted("203.0.113.10", t)).as("another address").isFalse();
        assertThat(budget.retryAfterSeconds("203.0.113.66", t)).isEqualTo(2);
        assertThat(budget.exhausted("203.0.113.66", t + SECOND)).isTrue();
        assertThat(budget.exhausted("203.0.113.66", t + 2 * SECOND)).isFalse();
        budget.refused("203.0.113.66", t + 2 * SECOND);
        assertThat(budget.exhausted("203.0.113.66", t + 2 * SECOND)).isTrue();
        assertThat(budget.exhausted("203.0.113.66", t + 1000 * SECOND)).isFalse();
    }

    @Test
    void theTableIsBounded() {
        RefusalBudget budget = new RefusalBudget(1, 0.001, 2);
        budget.refused("a", 0);
        budget.refused("b", 0);
        budget.refused("c", 0); // "a" is forgotten: a flood of addresses cannot grow memory
        assertThat(budget.exhausted("a", 0)).isFalse();
        assertThat(budget.exhausted("c", 0)).isTrue();
    }

    @Test
    void theSourceBehindATrustedProxyIsTheNearestUntrustedHop() {
        SourceAddress sources = new SourceAddress(List.of("10.0.0.0/8", "192.168.1.5", "fd00::/8"));
        assertThat(sources.of("10.1.2.3", "198.51.100.7, 203.0.113.9, 10.4.4.4")).isEqualTo("203.0.113.9");
        assertThat(sources.of("192.168.1.5", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(sources.of("203.0.113.50", "1.2.3.4")).as("an untrusted peer cannot name someone else")
                .isEqualTo("203.0.113.50");
        assertThat(sources.of("10.1.2.3", null)).isEqualTo("10.1.2.3");
        assertThat(sources.of("fd00::1", "2001:db8::5")).isEqualTo("2001:db8::5");
        assertThat(sources.isTrusted("11.0.0.1")).isFalse();
        assertThat(new SourceAddress(List.of()).isTrusted("127.0.0.1")).as("loopback: a sidecar, the warm-up").isTrue();
        assertThat(sources.isTrusted("example.com")).as("names are never looked up").isFalse();
        assertThatThrownBy(() -> new SourceAddress(List.of("10.0.0.0/33"))).isInstanceOf(
                IllegalArgumentException.class);
    }
}
