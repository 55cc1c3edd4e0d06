package dev.pulldoctor.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The access tokens the sandbox's IAM Credentials has minted, and whom each stands for. */
final class Tokens {

  private record Minted(String email, Instant expiry) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Minted> minted = new ConcurrentHashMap<>();
  private final Clock clock;

  Tokens(Clock clock) {
    this.clock = clock;
  }

  /** A fresh random token standing for the account until {@code expiry}. */
  String mint(String email, Instant expiry) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = "ya29.sandbox." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    minted.put(token, new Minted(email, expiry));
    return token;
  }

  /** The account a token stands for while it has not expired. */
  Optional<String> account(String token) {
    Minted m = minted.get(token);
    if (m == null || !clock.instant().isBefore(m.expiry())) {
      return Optional.empty();
    }
    return Optional.of(m.email());
  }

  Instant now() {
    return clock.instant();
  }
}
