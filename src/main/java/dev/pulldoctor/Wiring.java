package dev.pulldoctor;

import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.report.StructuredLog;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the production collaborators of the function from its settings. */
final class Wiring {
  private Wiring() {}

  static PullFailureHandler handler(Config config, StructuredLog log) {
    return failure -> log.info("pull failure received", describe(failure));
  }

  static Map<String, Object> describe(PullFailure f) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("eventId", f.eventId());
    fields.put("failureKind", f.failureKind().name());
    fields.put("followOn", f.followOn());
    fields.put("cluster", f.cluster().toString());
    fields.put("namespace", f.namespace());
    fields.put("pod", f.pod());
    fields.put("node", f.nodeName());
    fields.put("image", f.image() == null ? null : f.image().raw());
    return fields;
  }
}
