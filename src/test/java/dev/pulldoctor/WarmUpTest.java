package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.intake.Decoded;
import dev.pulldoctor.intake.EventDecoder;
import dev.pulldoctor.report.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handler built on a background thread: events wait for it, a failed build fails each. */
class WarmUpTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final StructuredLog log =
      new StructuredLog(new PrintStream(logged, true, StandardCharsets.UTF_8));

  @Test
  void event_beforeTheHandlerIsBuilt_waitsForIt_thenIsHandled() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<PullFailure> handled = new CopyOnWriteArrayList<>();
    PullFailureHandler handler =
        WarmUp.building(
            () -> {
              await(release);
              return handled::add;
            },
            log);
    PullFailure failure = seedFailure();

    Thread event =
        new Thread(
            () -> {
              try {
                handler.handle(failure);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    event.start();
    event.join(200);
    assertThat(handled).isEmpty();
    release.countDown();
    event.join(10_000);

    assertThat(handled).containsExactly(failure);
  }

  @Test
  void failedBuild_failsEveryEventWithItsReason_andIsLoggedOnce() throws Exception {
    PullFailureHandler handler =
        WarmUp.building(
            () -> {
              throw new IllegalStateException("GOOGLE_CLOUD_PROJECT is not set");
            },
            log);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> handler.handle(seedFailure()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("GOOGLE_CLOUD_PROJECT is not set");
    }
    String[] lines = logged.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(1);
    assertThat(lines[0]).contains("\"severity\":\"ERROR\"", "GOOGLE_CLOUD_PROJECT is not set");
  }

  @Test
  void openStep_thatFails_isLoggedAsAWarning_andTheOthersStillRun() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    WarmUp.open(
        Map.of(
            "firestore",
            () -> {
              throw new IllegalStateException("no credentials");
            },
            "google-apis",
            ran::countDown),
        log);

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!logged.toString(StandardCharsets.UTF_8).contains("no credentials")
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("\"severity\":\"WARNING\"", "could not open firestore", "no credentials");
  }

  private static PullFailure seedFailure() {
    Decoded decoded =
        new EventDecoder().decodeLogEntry("seed", Fixtures.logEntry("seed-403-logentry.json"));
    return ((Decoded.Failure) decoded).failure();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
