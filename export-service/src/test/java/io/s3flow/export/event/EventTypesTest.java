package io.s3flow.export.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    /** The rule as it was written first, and as the parser's INVALID_TYPE detail states it. */
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,199}");

    @Test
    void typesNameAFolderAndNothingThatCouldEscapeOne() {
        for (String type : List.of("users.messages.email.Send", "a", "0", "a-b_c.d", "x".repeat(200))) {
            assertTrue(EventTypes.valid(type), type);
        }
        for (String type : List.of("", ".hidden", "-a", "_a", "../../escape", "a/b", "a b", "a\u0000", "ä", "a\u0663", "\uff21",
                "x".repeat(201), "a=b")) {
            assertFalse(EventTypes.valid(type), type);
        }
        assertFalse(EventTypes.valid(null));
    }

    @Test
    void theCheckIsTheRuleForAnyText() {
        String alphabet = "aZ09_.-/ \u00e4\u0663\uff21=\u0000";
        Random random = new Random(18);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder type = new StringBuilder();
            int length = random.nextInt(6) == 0 ? 195 + random.nextInt(10) : random.nextInt(8);
            for (int i = 0; i < length; i++) {
                // mostly allowed characters, so that long valid types come up too
                type.append(random.nextInt(8) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : alphabet.charAt(random.nextInt(7)));
            }
            assertEquals(RULE.matcher(type).matches(), EventTypes.valid(type.toString()), type.toString());
        }
    }
}
