package dev.pulldoctor.gcp;

import java.util.function.Supplier;

/**
 * A value built on first use and kept: a client that the first event does not need is never
 * created, which keeps cold start short.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  public Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        if (value == null) {
          value = factory.get();
        }
        v = value;
      }
    }
    return v;
  }
}
