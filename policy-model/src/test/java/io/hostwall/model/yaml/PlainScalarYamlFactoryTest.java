package io.hostwall.model.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast scalar typing gives every token, type and text exactly as Jackson's own YAML parser does. */
class PlainScalarYamlFactoryTest {
    private static YAMLFactoryBuilder settings() {
        return YAMLFactory.builder()
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL);
    }

    private static final YAMLFactory JACKSON = settings().build();
    private static final YAMLFactory FAST = new PlainScalarYamlFactory(settings());

    private static List<String> tokens(YAMLFactory factory, String yaml) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = factory.createParser(new StringReader(yaml))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                out.add(t + " " + (t == JsonToken.VALUE_EMBEDDED_OBJECT ? "" : p.getText()));
            }
        } catch (IOException | RuntimeException e) {
            out.add("failed: " + e.getClass().getName());
        }
        return out;
    }

    @Test
    void scalarsAreTypedAsJacksonTypesThem() throws IOException {
        List<String> scalars = List.of("80", "0", "007", "0x1F", "0b101", "1_000", "-1", "+1", "123456789012345678",
                "1234567890123456789", "99999999999999999999999", "1.5", ".5", "1e3", "1:20", "12:30:45", "2001-12-14",
                "10.0.0.0/8", "fd00::/8", "true", "True", "TRUE", "false", "yes", "on", "off", "no", "y", "n", "Y",
                "null", "Null", "NULL", "~", "<<", "=", "!", ".inf", ".NaN", "-.inf", "Allow", "TCP", "node-1",
                "eth0", "metrics", "default", "role == \"db\"", "a b", "\u00e9t\u00e9", "\"80\"", "'true'", "\"\"",
                "''", "!!str 80", "!!int 80", "!!float 1", "!!bool true", "!!null x", "! 80", "!!binary aGk=",
                "!custom x", "|\n  80\n", ">\n  text\n", "80 # comment", "[80, Allow, \"x\", ~, true]",
                "{a: 1, b: on}", "");
        for (String s : scalars) {
            String yaml = "v: " + s + "\n";
            assertEquals(tokens(JACKSON, yaml), tokens(FAST, yaml), yaml);
        }
    }

    @Test
    void randomScalarsAreTypedAsJacksonTypesThem() throws IOException {
        String alphabet = "0123456789_-+.:eExXbBoOnNtTfFyY~<!&*aAzZ =/";
        Random random = new Random(10);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String yaml = "v: " + sb + "\nw: [" + sb + "]\n";
            assertEquals(tokens(JACKSON, yaml), tokens(FAST, yaml), yaml);
        }
    }
}
