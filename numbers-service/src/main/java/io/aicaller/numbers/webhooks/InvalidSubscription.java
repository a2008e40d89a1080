package io.aicaller.numbers.webhooks;

import java.util.List;
import java.util.stream.Collectors;

import io.aicaller.agents.InvalidAgent;

/** A subscription that breaks a rule: every problem names its field. */
public class InvalidSubscription extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<InvalidAgent.Problem> problems;

    public InvalidSubscription(List<InvalidAgent.Problem> problems) {
        super(problems.stream().map(InvalidAgent.Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<InvalidAgent.Problem> problems() {
        return problems;
    }
}
