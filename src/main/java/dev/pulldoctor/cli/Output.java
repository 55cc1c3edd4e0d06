package dev.pulldoctor.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;

/** JSON on stdout for machines: one object, pretty-printed, HTML left unescaped. */
final class Output {
  static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  private Output() {}

  static void json(PrintWriter out, Object value) {
    out.println(GSON.toJson(value));
    out.flush();
  }
}
