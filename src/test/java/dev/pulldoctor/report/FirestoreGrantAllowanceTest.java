package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.remediate.GrantAllowance;
import dev.pulldoctor.remediate.GrantAllowance.Take;
import dev.pulldoctor.setup.Config;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REMEDIATION_MAX_PER_HOUR counted once for every instance, in the Firestore emulator. */
class FirestoreGrantAllowanceTest {
  static final Instant NOW = Instant.parse("2026-12-01T21:40:00Z");
  static final Instant HOUR = Instant.parse("2026-12-01T21:00:00Z");

  private final FirestoreEmulator emulator = FirestoreEmulator.get();

  @BeforeEach
  void emptyDatabase() {
    emulator.reset();
  }

  /** One function instance: its own connection to Firestore, its own clock. */
  private GrantAllowance instance(int max, Clock clock) {
    Config config =
        Config.from(Map.of("REMEDIATION_MAX_PER_HOUR", String.valueOf(max), "API_DEADLINE", "10s"));
    return FindingStores.grantAllowance(
        config.store(), config.remediationMaxPerHour(), emulator.env(), clock);
  }

  @Test
  void take_countsUpToTheCap_thenRefusesWithTheCount_andANewHourStartsAfresh() {
    MovingClock clock = new MovingClock(NOW);
    GrantAllowance allowance = instance(2, clock);

    assertThat(allowance.take()).isEqualTo(new Take(true, 1, 2, HOUR));
    assertThat(allowance.take()).isEqualTo(new Take(true, 2, 2, HOUR));
    Take refused = allowance.take();
    assertThat(refused).isEqualTo(new Take(false, 2, 2, HOUR));
    assertThat(refused.refusal())
        .isEqualTo(
            "REMEDIATION_MAX_PER_HOUR reached: 2 of 2 grants made since 2026-12-01T21:00:00Z,"
                + " across all instances.");

    clock.now = Instant.parse("2026-12-01T22:00:01Z");
    assertThat(allowance.take())
        .isEqualTo(new Take(true, 1, 2, Instant.parse("2026-12-01T22:00:00Z")));
  }

  @Test
  void theCounter_isOneDocumentPerHour_thatExpiresAnHourAfterItsWindow() throws Exception {
    instance(3, Clock.fixed(NOW, ZoneOffset.UTC)).take();

    DocumentSnapshot doc =
        emulator
            .client()
            .collection("pullEvents")
            .document("_remediations-2026-12-01T21")
            .get()
            .get();
    assertThat(doc.getLong("count")).isEqualTo(1);
    assertThat(doc.getTimestamp("windowStart"))
        .isEqualTo(Timestamp.parseTimestamp(HOUR.toString()));
    assertThat(doc.getTimestamp("expireAt"))
        .isEqualTo(Timestamp.parseTimestamp("2026-12-01T23:00:00Z"));
  }

  @Test
  void twoInstances_shareOneCap_evenWhenTheyTakeAtOnce() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    List<GrantAllowance> instances = List.of(instance(4, clock), instance(4, clock));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<List<Take>>> work = new ArrayList<>();
      for (GrantAllowance a : instances) {
        work.add(
            () -> {
              List<Take> takes = new ArrayList<>();
              for (int i = 0; i < 3; i++) {
                takes.add(a.take());
              }
              return takes;
            });
      }
      List<Take> all = new ArrayList<>();
      for (Future<List<Take>> f : pool.invokeAll(work)) {
        all.addAll(f.get());
      }

      assertThat(all).filteredOn(Take::taken).hasSize(4);
      assertThat(all.stream().filter(Take::taken).map(Take::count))
          .as("each grant counted once, across both instances")
          .containsExactlyInAnyOrder(1, 2, 3, 4);
      assertThat(all)
          .filteredOn(t -> !t.taken())
          .hasSize(2)
          .allSatisfy(t -> assertThat(t.count()).isEqualTo(4));
    } finally {
      pool.shutdownNow();
    }
  }

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
