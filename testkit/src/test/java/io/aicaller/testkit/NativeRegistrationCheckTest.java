package io.aicaller.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeRegistrationCheckTest {

    /** Stands in for Quarkus' annotation, which is matched by name. */
    @Retention(RetentionPolicy.RUNTIME)
    @interface RegisterForReflection {
        Class<?>[] targets() default {};

        String[] classNames() default {};
    }

    @RegisterForReflection(targets = {String.class}, classNames = "com.twilio.rest.api.v2010.account.Call")
    static final class Registered {
    }

    @Test
    void findsWhatTheSourcesNeedAndTheRegistrationLacks(@TempDir Path sources) throws IOException {
        Files.writeString(sources.resolve("A.java"), """
                package x;
                import com.twilio.rest.api.v2010.account.Call;
                import com.twilio.rest.api.v2010.account.CallCreator;
                import com.twilio.rest.api.v2010.account.Message;
                import java.util.List;
                class A {
                    Object a(String s) { return json.readValue(s, List.class); }
                    Object b(String s) { return json.readValue(s, String.class); }
                    Object c(String s) { return json.readValue(s, type.recordClass()); }
                }
                """);
        assertThat(NativeRegistrationCheck.missing(sources, Registered.class, List.of(Integer.class)))
                .containsExactly("com.twilio.rest.api.v2010.account.Message", "java.lang.Integer", "java.util.List");
    }
}
