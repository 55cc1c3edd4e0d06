package dev.pulldoctor.gcp;

import java.time.Duration;

/**
 * The Google-client adapters' settings.
 *
 * @param endpoints {@code PULL_DOCTOR_ENDPOINTS}: a sandbox's {@code HOST:PORT}, or empty for real
 *     Google Cloud
 * @param apiDeadline {@code API_DEADLINE}: the deadline of each call
 */
public record GcpSettings(String endpoints, Duration apiDeadline) {}
