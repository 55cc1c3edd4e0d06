package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.pulldoctor.domain.RootCause;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StructuredLogTest {

  static Stream<Arguments> values() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("b", 2L);
    nested.put("a", Arrays.asList("x", null, true));
    return Stream.of(
        Arguments.of("text", "\"text\""),
        Arguments.of("<html> & 'quotes' \"double\" é", "\"<html> & 'quotes' \\\"double\\\" é\""),
        Arguments.of("line\nbreak", "\"line\\nbreak\""),
        Arguments.of(42L, "42"),
        Arguments.of(7, "7"),
        Arguments.of(0.5, "0.5"),
        Arguments.of(Double.NaN, "NaN"),
        Arguments.of(true, "true"),
        Arguments.of(null, "null"),
        Arguments.of(RootCause.NODE_SA_MISSING_READER, "\"NODE_SA_MISSING_READER\""),
        Arguments.of(Instant.parse("2026-11-25T01:02:03Z"), "\"2026-11-25T01:02:03Z\""),
        Arguments.of(List.of(1L, "two"), "[1,\"two\"]"),
        Arguments.of(new Object[] {"x", 1L}, "[\"x\",1]"),
        Arguments.of(nested, "{\"b\":2,\"a\":[\"x\",null,true]}"),
        Arguments.of(Map.of(), "{}"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("values")
  void json_writesEachValueAsCloudLoggingReadsIt(Object value, String json) {
    assertThat(StructuredLog.json(value)).isEqualTo(json);
  }

  @Test
  void write_oneObjectPerLine_severityMessageTimeThenFieldsThenLabels() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StructuredLog log = new StructuredLog(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rootCause", RootCause.NODE_SA_MISSING_READER);
    fields.put("occurrences", 3L);
    log.write("ERROR", "pull-doctor finding", fields, Map.of("incident", "abc"));

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    var line = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertThat(line.keySet())
        .containsExactly(
            "severity",
            "message",
            "time",
            "rootCause",
            "occurrences",
            "logging.googleapis.com/labels");
    assertThat(line.get("severity").getAsString()).isEqualTo("ERROR");
    assertThat(line.get("occurrences").getAsLong()).isEqualTo(3L);
    assertThat(line.getAsJsonObject("logging.googleapis.com/labels").get("incident").getAsString())
        .isEqualTo("abc");
    assertThat(Instant.parse(line.get("time").getAsString())).isBeforeOrEqualTo(Instant.now());
  }
}
