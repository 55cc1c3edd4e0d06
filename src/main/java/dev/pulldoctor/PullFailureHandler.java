package dev.pulldoctor;

import dev.pulldoctor.domain.PullFailure;

/** What the function does with a decoded pull failure: diagnose, record, report. */
@FunctionalInterface
public interface PullFailureHandler {

  /**
   * Handles one failure. Throws for a transient failure of a Google API, so that Eventarc
   * redelivers the event (DESIGN.md §6).
   */
  void handle(PullFailure failure) throws Exception;
}
