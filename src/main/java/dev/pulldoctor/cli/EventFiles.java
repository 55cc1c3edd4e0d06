package dev.pulldoctor.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.intake.Decoded;
import dev.pulldoctor.intake.EventDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a pull failure from a file holding a LogEntry or a CloudEvent (structured JSON). */
final class EventFiles {
  private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private EventFiles() {}

  static PullFailure read(Path file) {
    Decoded decoded = decode(file);
    if (decoded instanceof Decoded.Rejected rejected) {
      throw new OneLineErrors.BadInput(file + ": " + rejected.reason());
    }
    return ((Decoded.Failure) decoded).failure();
  }

  static Decoded decode(Path file) {
    String text = readText(file);
    EventDecoder decoder = new EventDecoder();
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (RuntimeException e) {
      throw new OneLineErrors.BadInput(file + ": not JSON");
    }
    if (root.isJsonObject() && root.getAsJsonObject().has("specversion")) {
      JsonObject event = root.getAsJsonObject();
      JsonElement id = event.get("id");
      JsonElement data = event.get("data");
      byte[] bytes = data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
      String eventId = id != null && id.isJsonPrimitive() ? id.getAsString() : null;
      return decoder.decodeCloudEvent(eventId, bytes);
    }
    return decoder.decodeLogEntryJson(text);
  }

  private static String readText(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new OneLineErrors.BadInput(file + ": larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new OneLineErrors.BadInput(file + ": no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new OneLineErrors.BadInput(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new OneLineErrors.BadInput(file + ": cannot read: " + e.getMessage());
    }
  }
}
