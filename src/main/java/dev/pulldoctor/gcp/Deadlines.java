package dev.pulldoctor.gcp;

import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.rpc.ApiCallContext;
import java.time.Duration;

/** The per-call deadline every adapter call carries (API_DEADLINE). */
final class Deadlines {
  private Deadlines() {}

  static ApiCallContext context(Duration deadline) {
    return GrpcCallContext.createDefault().withTimeoutDuration(deadline);
  }
}
