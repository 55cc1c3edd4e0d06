package dev.pulldoctor.classify;

import dev.pulldoctor.domain.FailureKind;

/**
 * What a pull-failure message says: its kind, whether it is one of the cause-less follow-on events,
 * and which rule decided.
 */
public record Classification(FailureKind kind, boolean followOn, String rule) {}
