package dev.pulldoctor.gcp;

import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiCallContext;
import java.time.Duration;

/**
 * The per-call deadline every adapter call carries (API_DEADLINE). It bounds the whole call,
 * retries included: the clients' default retry settings would otherwise keep retrying an
 * unavailable API for up to a minute, while the event waits and Eventarc may redeliver anyway.
 */
public final class Deadlines {
  private Deadlines() {}

  public static ApiCallContext context(Duration deadline) {
    RetrySettings retries =
        RetrySettings.newBuilder()
            .setTotalTimeoutDuration(deadline)
            .setInitialRpcTimeoutDuration(deadline)
            .setMaxRpcTimeoutDuration(deadline)
            .setRpcTimeoutMultiplier(1.0)
            .setInitialRetryDelayDuration(Duration.ofMillis(100))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(1))
            .setMaxAttempts(3)
            .build();
    return GrpcCallContext.createDefault().withTimeoutDuration(deadline).withRetrySettings(retries);
  }
}
