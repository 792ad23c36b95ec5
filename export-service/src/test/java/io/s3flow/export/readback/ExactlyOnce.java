package io.s3flow.export.readback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what a destination holds with what it should: every expected event exactly once, nothing else (an id of
 * another tenant, a rejected event, an event the stream does not select), each with every field as it was posted and,
 * in a stream's files, in the {@code event_type=} / {@code date=} folder its type and time say. Nothing is filtered
 * out before comparing.
 */
public final class ExactlyOnce {

    private static final int SHOWN = 10;

    private ExactlyOnce() {
    }

    /** The outcome for one destination; {@link #assertExact()} fails with every kind of difference named. */
    public record Report(String destination, int expected, int delivered, List<String> missing, Map<String, Integer> duplicates,
            List<String> foreign, List<String> altered, List<String> misplaced, List<String> fileProblems) {

        public boolean exact() {
            return missing.isEmpty() && duplicates.isEmpty() && foreign.isEmpty() && altered.isEmpty() && misplaced.isEmpty()
                    && fileProblems.isEmpty();
        }

        public String summary() {
            return "%s: expected %d, delivered %d, missing %d, duplicates %d, foreign %d, altered %d, misplaced %d, file problems %d"
                    .formatted(destination, expected, delivered, missing.size(), duplicates.size(), foreign.size(), altered.size(),
                            misplaced.size(), fileProblems.size());
        }

        public void assertExact() {
            if (!exact()) {
                throw new AssertionError(summary() + "\n  missing " + first(missing) + "\n  duplicates " + first(duplicates.entrySet())
                        + "\n  foreign " + first(foreign) + "\n  altered " + first(altered) + "\n  misplaced " + first(misplaced)
                        + "\n  file problems " + first(fileProblems));
            }
        }

        private static String first(Collection<?> items) {
            return items.stream().limit(SHOWN).toList() + (items.size() > SHOWN ? " …" : "");
        }
    }

    /** For a destination that holds every property of an event (a stream). */
    public static Report compare(String destination, Map<String, PostedEvent> expected, List<DeliveredEvent> delivered,
            List<String> fileProblems) {
        return compare(destination, expected, delivered, null, fileProblems);
    }

    /**
     * {@code propertyFields}: the properties the destination holds (an export's {@code properties.x} fields), or null
     * for all of them.
     */
    public static Report compare(String destination, Map<String, PostedEvent> expected, List<DeliveredEvent> delivered,
            Set<String> propertyFields, List<String> fileProblems) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> foreign = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        List<String> misplaced = new ArrayList<>();
        for (DeliveredEvent event : delivered) {
            seen.merge(event.id(), 1, Integer::sum);
            PostedEvent posted = expected.get(event.id());
            if (posted == null) {
                foreign.add(event.id() + " in " + event.key());
                continue;
            }
            String difference = difference(posted, event, propertyFields);
            if (difference != null) {
                altered.add(event.id() + " in " + event.key() + ": " + difference);
            }
            DeliveredEvent.Folder folder = event.folder();
            if (folder != null && event.time() != null
                    && (!folder.type().equals(event.type()) || !folder.hour().equals(event.time().truncatedTo(ChronoUnit.HOURS)))) {
                misplaced.add(event.id() + " (" + event.type() + " at " + event.time() + ") in " + event.key());
            }
        }
        List<String> missing = new ArrayList<>(new TreeSet<>(expected.keySet()));
        missing.removeAll(seen.keySet());
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        seen.forEach((id, n) -> {
            if (n > 1) {
                duplicates.put(id, n);
            }
        });
        return new Report(destination, expected.size(), delivered.size(), missing, duplicates, foreign, altered, misplaced,
                List.copyOf(fileProblems));
    }

    /** The first field that differs from what was posted, or null. */
    private static String difference(PostedEvent posted, DeliveredEvent event, Set<String> propertyFields) {
        if (!posted.type().equals(event.type())) {
            return "type " + event.type() + ", posted " + posted.type();
        }
        if (!posted.time().equals(event.time())) {
            return "time " + event.time() + ", posted " + posted.time();
        }
        if (!Objects.equals(posted.userId(), event.userId())) {
            return "userId " + event.userId() + ", posted " + posted.userId();
        }
        JsonNode properties = propertyFields == null ? posted.properties() : only(posted.properties(), propertyFields);
        if (!properties.equals(event.properties())) {
            return "properties " + event.properties() + ", posted " + properties;
        }
        return null;
    }

    private static ObjectNode only(ObjectNode properties, Set<String> fields) {
        ObjectNode selected = PostedEvent.JSON.createObjectNode();
        fields.forEach(field -> {
            if (properties.has(field) && !properties.get(field).isNull()) {
                selected.set(field, properties.get(field));
            }
        });
        return selected;
    }
}
