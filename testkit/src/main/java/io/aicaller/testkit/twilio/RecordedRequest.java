package io.aicaller.testkit.twilio;

import java.util.List;
import java.util.Map;

/** A request the Twilio REST fake received: method, path, query and form parameters, headers. */
public record RecordedRequest(String method, String path, Map<String, List<String>> query,
        Map<String, List<String>> form, Map<String, List<String>> headers) {

    /** The first value of a form parameter, or {@code null}. */
    public String formValue(String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> formValues(String name) {
        return form.getOrDefault(name, List.of());
    }

    public String queryValue(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
