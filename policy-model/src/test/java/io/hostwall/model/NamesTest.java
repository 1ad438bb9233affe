package io.hostwall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The name rules, written as loops, accept exactly what the regular expressions they replaced accept. */
class NamesTest {
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_LABEL_PATTERN = Pattern.compile(DNS_LABEL);
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
    private static final Pattern GNP_NAME = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")?");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern IANA_SERVICE_NAME = Pattern.compile("[-a-z0-9]+");

    private static List<String> samples() {
        List<String> out = new ArrayList<>(List.of("", "a", "-", ".", "a.", ".a", "a..b", "a-b", "-a", "a-", "a.b.c",
                "A", "a_b", "_a", "a_", "web", "policy-00001", "security.allow-dns", "x".repeat(63), "x".repeat(64),
                "a." + "b".repeat(250), "a--b", "9", "metrics", "a/b", "\u00e9", "a b"));
        String alphabet = "ab0-._A/ z";
        Random random = new Random(17);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(9);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void loopsAcceptWhatTheExpressionsAccepted() {
        for (String s : samples()) {
            assertEquals(s.length() <= 63 && DNS_LABEL_PATTERN.matcher(s).matches(), Names.isDnsLabel(s), s);
            assertEquals(s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches(), Names.isDnsSubdomain(s), s);
            assertEquals(s.length() <= 253 && GNP_NAME.matcher(s).matches(), Names.isGlobalNetworkPolicyName(s), s);
            assertEquals(s.length() <= 63 && LABEL_VALUE.matcher(s).matches(), Names.isLabelValue(s), s);
            boolean portName = !s.isEmpty() && s.length() <= 15 && IANA_SERVICE_NAME.matcher(s).matches()
                    && s.chars().anyMatch(c -> c >= 'a' && c <= 'z') && !s.contains("--") && !s.startsWith("-")
                    && !s.endsWith("-");
            assertEquals(portName, Names.isPortName(s), s);
            boolean qualified = Names.qualifiedNameProblem(s).isEmpty();
            String name = s.substring(s.indexOf('/') + 1);
            if (s.indexOf('/') < 0 && !s.isEmpty() && s.length() <= 63) {
                assertEquals(QUALIFIED_NAME_PART.matcher(name).matches(), qualified, s);
            }
        }
    }
}
