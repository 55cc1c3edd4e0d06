package dev.pulldoctor.sandbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Artifact Registry repository; {@code images} maps an image path to its tags. */
public record Repository(
    String location, String name, String format, Map<String, List<String>> images) {

  public Repository {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    images.forEach((image, tags) -> copy.put(image, List.copyOf(tags)));
    images = Collections.unmodifiableMap(copy);
  }

  /** {@code LOCATION/NAME}, the key the world uses. */
  public String key() {
    return location + "/" + name;
  }
}
