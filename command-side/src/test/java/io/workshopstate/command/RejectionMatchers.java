package io.workshopstate.command;

import io.workshopstate.rejection.Rejection;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Matches the {@link Rejection} a command failure carries by its reason and the properties clients
 * read, not by its wording, so rephrasing a detail message breaks no test.
 */
public final class RejectionMatchers {

    private RejectionMatchers() {
    }

    public static Matcher<Rejection> rejectedAs(Rejection.Reason reason) {
        return rejectedAs(reason, Map.of());
    }

    public static Matcher<Rejection> invalidField(String field) {
        return rejectedAs(Rejection.Reason.INVALID_FIELD, Map.of("field", field));
    }

    public static Matcher<Rejection> staleRevision(long currentRevision, String currentText) {
        // A LinkedHashMap because the current text of a never-saved step is null.
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("currentRevision", currentRevision);
        properties.put("currentText", currentText);
        return rejectedAs(Rejection.Reason.STALE_REVISION, properties);
    }

    public static Matcher<Rejection> rejectedAs(Rejection.Reason reason, Map<String, ?> properties) {
        return new TypeSafeDiagnosingMatcher<>() {

            @Override
            protected boolean matchesSafely(Rejection rejection, Description mismatch) {
                if (rejection.reason() != reason) {
                    mismatch.appendText("reason was ").appendValue(rejection.reason());
                    return false;
                }
                for (Map.Entry<String, ?> expected : properties.entrySet()) {
                    if (!rejection.properties().containsKey(expected.getKey())
                            || !Objects.equals(rejection.properties().get(expected.getKey()), expected.getValue())) {
                        mismatch.appendText("properties were ").appendValue(rejection.properties());
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a rejection ").appendValue(reason);
                if (!properties.isEmpty()) {
                    description.appendText(" with properties ").appendValue(properties);
                }
            }
        };
    }
}
