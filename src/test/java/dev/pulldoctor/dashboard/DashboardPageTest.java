package dev.pulldoctor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the page's source must hold to, whatever the browser test exercises: text goes in as text,
 * nothing inline for the Content-Security-Policy to block, nothing fetched from elsewhere, a label
 * on every control.
 */
class DashboardPageTest {

  private static String resource(String name) throws IOException {
    try (InputStream in =
        DashboardPageTest.class.getResourceAsStream(PageHandler.RESOURCES + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theScript_neverParsesStringsAsHtmlOrCode() throws IOException {
    String js = resource("app.js");

    for (String sink :
        List.of(
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "setTimeout('",
            "setInterval('",
            "createContextualFragment")) {
      assertThat(js).as("app.js uses %s", sink).doesNotContain(sink);
    }
    assertThat(js).contains("textContent");
  }

  @Test
  void thePage_hasNoInlineScriptStyleOrHandler_andFetchesNothingFromElsewhere() throws IOException {
    String html = resource("index.html");

    assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
    assertThat(html).doesNotContainPattern("\\son[a-z]+\\s*=");
    assertThat(html).doesNotContainPattern("\\sstyle\\s*=");
    assertThat(html).doesNotContain("<style");
    for (String name : List.of("index.html", "app.js", "app.css")) {
      // The SVG namespace is a name, not a download.
      String text = resource(name).replace("'http://www.w3.org/2000/svg'", "SVG_NAMESPACE");
      assertThat(text).as(name).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/");
    }
  }

  @Test
  void everyControl_hasALabel_andEverySortHeaderIsAButton() throws IOException {
    String html = resource("index.html");
    List<String> ids = new ArrayList<>();
    Matcher control = Pattern.compile("<(?:select|input)[^>]*\\bid=\"([^\"]+)\"").matcher(html);
    while (control.find()) {
      ids.add(control.group(1));
    }

    assertThat(ids).contains("f-status", "f-root-cause", "f-cluster", "f-project", "auto-refresh");
    for (String id : ids) {
      boolean labelledFor = html.contains("<label for=\"" + id + "\">");
      boolean wrapped =
          Pattern.compile("<label><input[^>]*id=\"" + Pattern.quote(id) + "\"")
              .matcher(html)
              .find();
      assertThat(labelledFor || wrapped).as("a label for #%s", id).isTrue();
    }
    Matcher th = Pattern.compile("<th scope=\"col\"[^>]*>(.*?)</th>").matcher(html);
    int headers = 0;
    while (th.find()) {
      headers++;
      assertThat(th.group(1)).startsWith("<button type=\"button\">");
    }
    assertThat(headers).isEqualTo(9);
    assertThat(html).contains("aria-live=\"polite\"", "<caption", "<html lang=\"en\">");
  }
}
