package io.aicaller.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingMarksTest {

    @Test
    void anEchoSettlesThatMarkAndEveryEarlierOne() {
        PendingMarks marks = new PendingMarks(8);
        for (long seq = 1; seq <= 5; seq++) {
            marks.add(seq, seq * 160);
        }
        assertThat(marks.echoed(3)).isEqualTo(480);
        assertThat(marks.size()).isEqualTo(2);
        assertThat(marks.echoed(2)).as("already settled by the echo of 3").isEqualTo(-1);
        assertThat(marks.echoed(5)).isEqualTo(800);
        assertThat(marks.size()).isZero();
    }

    @Test
    void anUnknownEchoForgetsNothing() {
        PendingMarks marks = new PendingMarks(8);
        marks.add(10, 1);
        marks.add(12, 2);
        assertThat(marks.echoed(11)).isEqualTo(-1);
        assertThat(marks.echoed(-1)).isEqualTo(-1);
        assertThat(marks.echoed(99)).isEqualTo(-1);
        assertThat(marks.size()).isEqualTo(2);
        marks.clear();
        assertThat(marks.echoed(12)).isEqualTo(-1);
    }

    @Test
    void whenFullTheOldestIsForgottenAcrossTheRingsWrap() {
        PendingMarks marks = new PendingMarks(3);
        for (long seq = 1; seq <= 7; seq++) {
            marks.add(seq, seq);
        }
        assertThat(marks.size()).isEqualTo(3);
        assertThat(marks.echoed(4)).isEqualTo(-1);
        assertThat(marks.echoed(6)).isEqualTo(6);
        marks.add(8, 8);
        assertThat(marks.echoed(8)).isEqualTo(8);
        assertThat(marks.size()).isZero();
    }
}
