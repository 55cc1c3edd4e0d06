package dev.pulldoctor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.cloud.firestore.Firestore;
import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.StoredFindings;
import dev.pulldoctor.setup.Config;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver, over a store filled with the scenario findings (each diagnosed for real against the
 * sandbox). Checks the counts, filters by root cause, opens an incident and finds its exact fix
 * command, shows a {@code <script>} pod name as text, pages, sorts and refreshes — and leaves a
 * screenshot in {@code target/dashboard.png} (and at {@code -Ddashboard.screenshot=PATH}).
 */
class DashboardBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static FindingStore store;
  private static List<Finding> scenario;
  private static DashboardServer server;
  private static ChromeDriver driver;
  private static Path profile;

  @BeforeAll
  static void start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "the browser test needs Debian's Chromium and its driver at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": apt-get install -y chromium chromium-driver (.ci/run installs them)");
    }
    scenario = ScenarioFindings.diagnosed(Instant.now());
    // The fleet's incidents in the Firestore emulator, read through the production adapter.
    FirestoreEmulator emulator = FirestoreEmulator.get();
    emulator.reset();
    Config config = Config.defaultsOnly();
    try {
      StoredFindings.write(emulator.client(), config.findingsCollection(), scenario);
    } catch (ExecutionException | InterruptedException e) {
      throw new IOException("could not fill the emulator", e);
    }
    store = FindingStores.findings(config.store(), emulator.env(), emulator::client);
    server = DashboardServer.start(store, 0);
    profile = Files.createTempDirectory("dashboard-chromium-");
    driver = chromium(profile);
  }

  /**
   * The system's browser and driver, named explicitly: with the driver's path set, Selenium Manager
   * is never asked to find or download one.
   */
  private static ChromeDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        // Without these the closed network here refuses Chromium's own connections, many a time.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    // An alert must stay open for the test to see it, not be dismissed silently.
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @BeforeEach
  void load() {
    driver.get(server.url().toString());
    awaitLoaded();
  }

  private static WebDriverWait await() {
    return new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  private static void awaitLoaded() {
    await()
        .until(
            d -> d.findElement(By.id("refresh-status")).getText().startsWith("Last refreshed at"));
  }

  private static List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#incidents tbody tr[data-fingerprint]"));
  }

  private static Map<String, Integer> shownCounts(String listId) {
    Map<String, Integer> counts = new TreeMap<>();
    for (WebElement li : driver.findElements(By.cssSelector("#" + listId + " li[data-key]"))) {
      counts.put(li.getAttribute("data-key"), Integer.parseInt(li.getAttribute("data-count")));
    }
    return counts;
  }

  private static Map<String, Integer> expectedCounts(Function<Finding, String> key) {
    return scenario.stream()
        .filter(f -> f.status() == FindingStatus.OPEN)
        .collect(Collectors.toMap(key, f -> 1, Integer::sum, TreeMap::new));
  }

  private static Finding scriptPodIncident() {
    return scenario.stream()
        .filter(f -> f.pods().contains(ScenarioFindings.SCRIPT_POD))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void showsTheCountsOfOpenIncidents_theChart_andTheOpenIncidentsNewestFirst() {
    assertThat(shownCounts("by-root-cause"))
        .isEqualTo(expectedCounts(f -> f.rootCause().name()))
        .containsEntry("NODE_SA_MISSING_READER", 3);
    assertThat(shownCounts("by-cluster"))
        .isEqualTo(expectedCounts(Finding::cluster))
        .containsEntry("acme-prod-417/us-central1/prod", 3);
    assertThat(driver.findElements(By.cssSelector("#chart svg rect.bar"))).hasSize(24);
    assertThat(driver.findElement(By.id("chart-desc")).getAttribute("textContent"))
        .matches("\\d+ occurrences in the last 24 hours.*");

    List<String> shown = rows().stream().map(r -> r.getAttribute("data-fingerprint")).toList();
    List<String> open =
        scenario.stream()
            .filter(f -> f.status() == FindingStatus.OPEN)
            // Newest first; ties by document id, descending, as Firestore orders them.
            .sorted(
                Comparator.comparing(Finding::lastSeen)
                    .thenComparing(Finding::fingerprint)
                    .reversed())
            .map(Finding::fingerprint)
            .toList();
    assertThat(shown).containsExactlyElementsOf(open);
  }

  @Test
  void filtersByRootCause() {
    new Select(driver.findElement(By.id("f-root-cause"))).selectByValue("DENY_POLICY");
    driver.findElement(By.id("f-apply")).click();
    await().until(d -> rows().size() == 1);

    WebElement row = rows().get(0);
    assertThat(row.findElement(By.cssSelector("button.link")).getText()).isEqualTo("DENY_POLICY");
    assertThat(driver.findElement(By.id("table-caption")).getText())
        .isEqualTo("Open incidents with rootCause DENY_POLICY, newest first");

    // The counts are links to the same filter.
    driver
        .findElement(By.cssSelector("#by-root-cause li[data-key='NODE_SA_MISSING_READER'] button"))
        .click();
    await().until(d -> rows().size() == 3);
    assertThat(rows())
        .allSatisfy(
            r ->
                assertThat(r.findElement(By.cssSelector("button.link")).getText())
                    .isEqualTo("NODE_SA_MISSING_READER"));
    assertThat(
            new Select(driver.findElement(By.id("f-root-cause")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("NODE_SA_MISSING_READER");
  }

  @Test
  void opensAnIncident_withItsExactFixCommand_andACopyButton() {
    Finding incident = scriptPodIncident();
    openIncident(incident);

    List<String> commands = incident.advice().commands();
    assertThat(commands).isNotEmpty();
    List<String> shown =
        driver.findElements(By.cssSelector("#d-commands code")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(shown).containsExactlyElementsOf(commands);
    assertThat(shown.get(0)).startsWith("gcloud artifacts repositories add-iam-policy-binding");
    assertThat(
            driver
                .findElement(By.cssSelector("#d-commands button.copy"))
                .getAttribute("aria-label"))
        .isEqualTo("Copy command 1");
    assertThat(driver.findElement(By.cssSelector("#d-terraform code")).getText())
        .isEqualTo(incident.advice().terraform());
    assertThat(driver.findElement(By.id("d-summary")).getText()).isEqualTo(incident.summary());
    assertThat(driver.findElement(By.id("d-remediation")).getText())
        .contains("mode", "dry-run", "plan", "grant roles/artifactregistry.reader on");
    assertThat(driver.findElement(By.id("d-evidence")).getText())
        .contains("nodePool", incident.nodePool());
    assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("detail-title");
  }

  @Test
  void aScriptInAPodName_isShownAsText_andNeverRuns() {
    openIncident(scriptPodIncident());

    List<WebElement> pods = driver.findElements(By.cssSelector("#d-pods li"));
    assertThat(pods).extracting(WebElement::getText).contains(ScenarioFindings.SCRIPT_POD);
    assertThat(driver.findElements(By.cssSelector("#d-pods script, #detail script"))).isEmpty();
    WebElement pod =
        pods.stream()
            .filter(p -> p.getText().equals(ScenarioFindings.SCRIPT_POD))
            .findFirst()
            .orElseThrow();
    assertThat(pod.getAttribute("innerHTML"))
        .isEqualTo("prod/&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElements(By.tagName("script"))).hasSize(1);
  }

  @Test
  void sortsThePage_fromTheKeyboard() {
    WebElement header = driver.findElement(By.cssSelector("th[data-key='occurrences'] button"));
    header.sendKeys(Keys.ENTER);

    WebElement th = driver.findElement(By.cssSelector("th[data-key='occurrences']"));
    assertThat(th.getAttribute("aria-sort")).isEqualTo("descending");
    assertThat(occurrencesShown()).isSortedAccordingTo(Comparator.reverseOrder());
    driver.findElement(By.cssSelector("th[data-key='occurrences'] button")).sendKeys(Keys.ENTER);
    assertThat(th.getAttribute("aria-sort")).isEqualTo("ascending");
    assertThat(occurrencesShown()).isSorted();
  }

  private static List<Long> occurrencesShown() {
    return rows().stream()
        .map(r -> Long.parseLong(r.findElements(By.tagName("td")).get(6).getText()))
        .toList();
  }

  @Test
  void pagesWithNextAndPrevious() throws IOException {
    InMemoryFindingStore many = new InMemoryFindingStore();
    Instant now = Instant.now();
    for (int i = 0; i < 120; i++) {
      many.put(
          TestFindings.finding(
              String.format("p%03d", i),
              FindingStatus.OPEN,
              RootCause.DENY_POLICY,
              "acme-prod-417/us-central1/prod",
              now.minusSeconds(i * 60L),
              1));
    }
    try (DashboardServer paged = DashboardServer.start(many, 0)) {
      driver.get(paged.url().toString());
      awaitLoaded();
      assertThat(rows()).hasSize(50);
      assertThat(rows().get(0).getAttribute("data-fingerprint")).isEqualTo("p000");
      assertThat(driver.findElement(By.id("prev")).isEnabled()).isFalse();

      driver.findElement(By.id("next")).click();
      await().until(ExpectedConditions.textToBe(By.id("page-label"), "Page 2"));
      await().until(d -> rows().get(0).getAttribute("data-fingerprint").equals("p050"));
      driver.findElement(By.id("next")).click();
      await().until(d -> rows().size() == 20);
      assertThat(driver.findElement(By.id("next")).isEnabled()).isFalse();

      driver.findElement(By.id("prev")).click();
      await().until(ExpectedConditions.textToBe(By.id("page-label"), "Page 2"));
      await()
          .until(
              d ->
                  rows().size() == 50
                      && rows().get(0).getAttribute("data-fingerprint").equals("p050"));
    }
  }

  @Test
  void refreshesByItself_everyFifteenSeconds_andSaysWhen() {
    String before = driver.findElement(By.id("refresh-status")).getText();
    assertThat(before).matches("Last refreshed at .+");
    assertThat(driver.findElement(By.id("refresh-status")).getAttribute("aria-live"))
        .isEqualTo("polite");
    int shown = rows().size();
    Finding base = scriptPodIncident();
    Finding fresh =
        new Finding(
            "fresh-incident",
            FindingStatus.OPEN,
            base.failureKind(),
            RootCause.API_DISABLED,
            "a new incident",
            "acme-prod-417/us-central1/new-cluster",
            "acme-prod-417",
            "us-central1",
            "new-cluster",
            "default-pool",
            base.nodeServiceAccount(),
            base.repository(),
            base.repositoryProject(),
            base.repositoryLocation(),
            base.repositoryName(),
            base.image(),
            1,
            Instant.now(),
            Instant.now(),
            Instant.now(),
            List.of("prod/new-1"),
            List.of("prod"),
            null,
            null,
            null,
            null);
    Firestore firestore = FirestoreEmulator.get().client();
    String collection = Config.defaultsOnly().findingsCollection();
    try {
      StoredFindings.write(firestore, collection, List.of(fresh));
      new WebDriverWait(driver, Duration.ofSeconds(25)).until(d -> rows().size() == shown + 1);
      assertThat(rows().get(0).getAttribute("data-fingerprint")).isEqualTo("fresh-incident");
    } catch (ExecutionException | InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      firestore.collection(collection).document(fresh.fingerprint()).delete();
    }

    driver.findElement(By.id("auto-refresh")).click();
    assertThat(driver.findElement(By.id("auto-refresh")).isSelected()).isFalse();
  }

  @Test
  void screenshot() throws IOException {
    // The whole page: the window grows by what the page is taller than the viewport.
    long page = (Long) driver.executeScript("return document.documentElement.scrollHeight");
    long viewport = (Long) driver.executeScript("return window.innerHeight");
    Dimension window = driver.manage().window().getSize();
    driver
        .manage()
        .window()
        .setSize(new Dimension(1440, (int) Math.min(window.getHeight() + page - viewport, 3000)));
    try {
      Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
      Path target = Path.of("target", "dashboard.png");
      Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
      String wanted = System.getProperty("dashboard.screenshot", "");
      if (!wanted.isBlank()) {
        Files.copy(png, Path.of(wanted), StandardCopyOption.REPLACE_EXISTING);
      }
      assertThat(Files.size(target)).isGreaterThan(10_000);

      // The detail view too, for whoever reviews the page (not committed).
      openIncident(scriptPodIncident());
      WebElement detail = driver.findElement(By.id("detail"));
      Files.copy(
          detail.getScreenshotAs(OutputType.FILE).toPath(),
          Path.of("target", "dashboard-detail.png"),
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  private static void openIncident(Finding incident) {
    WebElement row =
        await()
            .until(
                d ->
                    rows().stream()
                        .filter(
                            r -> incident.fingerprint().equals(r.getAttribute("data-fingerprint")))
                        .findFirst()
                        .orElse(null));
    row.findElement(By.cssSelector("button.link")).click();
    await().until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    await().until(d -> !d.findElements(By.cssSelector("#d-pods li")).isEmpty());
  }
}
