package io.aicaller.sandbox.phone;

import java.util.List;

/**
 * What a simulated caller does once the agent's Media Stream is up, timed from the stream's start, plus the speech a
 * {@code <Gather>} hears.
 *
 * @param steps Timed actions
 * @param speech SpeechResult of each {@code <Gather input="speech">}, in order
 * @param maxSeconds The call hangs up after this long if nothing else ended it
 */
public record CallScript(List<Step> steps, List<String> speech, Integer maxSeconds) {

    /**
     * One action: {@code say} plays a bundled caller prompt ({@code caller}) or a file (raw {@code .ulaw}, or a WAV
     * holding 8 kHz mu-law); {@code dtmf} presses a key; {@code hangup} ends the call.
     */
    public record Step(double at, String say, String dtmf, Boolean hangup) {
    }

    public CallScript {
        steps = steps == null ? List.of() : List.copyOf(steps);
        speech = speech == null ? List.of() : List.copyOf(speech);
    }

    /**
     * The demo: the caller talks over the greeting (barge-in), presses 1 (a text message), then # (goodbye).
     */
    public static CallScript demo() {
        return new CallScript(List.of(new Step(3, "caller", null, null), new Step(12, null, "1", null),
                new Step(20, null, "#", null)), List.of("I would like to talk to the agent"), 60);
    }
}
