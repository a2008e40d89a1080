package io.aicaller.agents;

import java.util.List;
import java.util.stream.Collectors;

/** An agent definition that breaks a rule: every problem names the field, as a JSON path such as {@code httpTools[0].url}. */
public class InvalidAgent extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field.isEmpty() ? message : field + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public InvalidAgent(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
