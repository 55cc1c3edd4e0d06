package dev.pulldoctor.sandbox;

import com.google.api.AnnotationsProto;
import com.google.api.ClientProto;
import com.google.api.HttpRule;
import com.google.cloud.location.LocationsProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Google's front end knows about a method from its proto alone, independently of the clients:
 * its {@code google.api.http} rule
 * (https://github.com/googleapis/googleapis/blob/master/google/api/http.proto). The rule's path
 * parameters are the fields Google routes the call by, which the client must repeat in {@code
 * x-goog-request-params}; the rule's path and verb give the method's REST id in Google's discovery
 * documents ({@code artifactregistry.projects.locations.repositories.get}), which keys the method →
 * permission map.
 *
 * <p>Read from the generated gRPC service's file descriptor (the {@code *ImplBase} the sandbox
 * extends), so that the sandbox does not learn either from the adapters it checks.
 */
final class HttpRules {

  static final Metadata.Key<String> REQUEST_PARAMS =
      Metadata.Key.of("x-goog-request-params", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Methods whose REST id the path does not spell: the Locations mixin (its proto's rule is the
   * generic {@code /v1/{name=projects/*}/locations}; the sandbox serves it as Artifact Registry's,
   * https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations/list), and
   * IAM v2's list, which discovery calls {@code listPolicies}
   * (https://cloud.google.com/iam/docs/reference/rest/v2/policies/listPolicies).
   */
  private static final Map<String, String> REST_NAMES =
      Map.of(
          "google.cloud.location.Locations/ListLocations",
          "artifactregistry.projects.locations.list",
          "google.iam.v2.Policies/ListPolicies",
          "iam.policies.listPolicies");

  /** Services served without a generated descriptor of their own: the file that defines them. */
  private static final Map<String, Descriptors.FileDescriptor> FILES =
      Map.of("google.cloud.location.Locations", LocationsProto.getDescriptor());

  /** One method's rule: its REST id, and each binding's routing fields (field paths). */
  record Rule(String restMethod, List<List<String>> bindings) {
    boolean routed() {
      return bindings.stream().anyMatch(b -> !b.isEmpty());
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}=]+)(?:=([^}]*))?}");
  private static final Pattern VERSION = Pattern.compile("v\\d+\\w*");

  private final Map<String, Rule> rules = new ConcurrentHashMap<>();

  /** Learns the rules of every method of a service the sandbox serves. */
  void learn(ServiceDescriptor service) {
    Descriptors.ServiceDescriptor proto = proto(service);
    String host = proto.getOptions().getExtension(ClientProto.defaultHost);
    for (Descriptors.MethodDescriptor m : proto.getMethods()) {
      String fullName = proto.getFullName() + "/" + m.getName();
      HttpRule http = m.getOptions().getExtension(AnnotationsProto.http);
      List<List<String>> bindings = new ArrayList<>();
      bindings.add(fields(path(http)));
      http.getAdditionalBindingsList().forEach(b -> bindings.add(fields(path(b))));
      String rest = REST_NAMES.get(fullName);
      if (rest == null && !host.isEmpty() && !path(http).isEmpty()) {
        rest = restMethod(host, http);
      }
      rules.put(fullName, new Rule(rest, List.copyOf(bindings)));
    }
  }

  private static Descriptors.ServiceDescriptor proto(ServiceDescriptor service) {
    if (service.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier s) {
      return s.getServiceDescriptor();
    }
    String name = service.getName();
    Descriptors.FileDescriptor file = FILES.get(name);
    if (file == null) {
      throw new IllegalStateException("no proto descriptor for served service " + name);
    }
    return file.findServiceByName(name.substring(name.lastIndexOf('.') + 1));
  }

  /** The rule of a served method, by its full gRPC name. */
  Optional<Rule> rule(String fullMethodName) {
    return Optional.ofNullable(rules.get(fullMethodName));
  }

  static String path(HttpRule r) {
    return switch (r.getPatternCase()) {
      case GET -> r.getGet();
      case POST -> r.getPost();
      case PUT -> r.getPut();
      case PATCH -> r.getPatch();
      case DELETE -> r.getDelete();
      case CUSTOM -> r.getCustom().getPath();
      default -> "";
    };
  }

  private static List<String> fields(String path) {
    List<String> fields = new ArrayList<>();
    Matcher m = VARIABLE.matcher(path);
    while (m.find()) {
      fields.add(m.group(1));
    }
    return List.copyOf(fields);
  }

  /**
   * The discovery id of a method: the API's name, the path's collections, then the custom verb or
   * the standard method the HTTP verb stands for ({@code get} of one resource, {@code list} of a
   * collection); a singleton ({@code …/vpcscConfig}) is got from its parent as {@code
   * getVpcscConfig}.
   */
  static String restMethod(String host, HttpRule http) {
    String path = path(http);
    String verb = null;
    int colon = path.lastIndexOf(':');
    if (colon > path.lastIndexOf('}') && colon > path.lastIndexOf('/')) {
      verb = path.substring(colon + 1);
      path = path.substring(0, colon);
    }
    List<String> collections = new ArrayList<>();
    boolean endsWithResource = false;
    String singleton = null;
    List<String> segments = segments(path);
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (i == 0 && VERSION.matcher(segment).matches()) {
        continue;
      }
      Matcher v = VARIABLE.matcher(segment);
      if (v.matches()) {
        String pattern = v.group(2) == null ? "*" : v.group(2);
        String[] inner = pattern.split("/");
        for (String part : inner) {
          if (!part.startsWith("*")) {
            collections.add(part);
          }
        }
        String last = inner[inner.length - 1];
        endsWithResource = last.startsWith("*");
        singleton = endsWithResource ? null : last;
      } else {
        collections.add(segment);
        endsWithResource = false;
        singleton = null;
      }
    }
    String method;
    if (verb != null) {
      method = verb;
    } else if (singleton != null && http.getPatternCase() == HttpRule.PatternCase.GET) {
      collections.remove(collections.size() - 1);
      method = "get" + Character.toUpperCase(singleton.charAt(0)) + singleton.substring(1);
    } else {
      method =
          switch (http.getPatternCase()) {
            case GET -> endsWithResource ? "get" : "list";
            case POST -> "create";
            case PATCH -> "patch";
            case PUT -> "update";
            case DELETE -> "delete";
            default -> "custom";
          };
    }
    return host.substring(0, host.indexOf('.'))
        + "."
        + String.join(".", collections)
        + "."
        + method;
  }

  /** The path's segments, a variable with its pattern counting as one. */
  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (char c : path.toCharArray()) {
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      }
      if (c == '/' && depth == 0) {
        if (current.length() > 0) {
          out.add(current.toString());
        }
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }

  /**
   * Why the call's routing header does not route {@code request} as Google would, or empty when it
   * does (or the method is not routed, or the request names no resource at all — then the method
   * itself answers the missing field). The words are Google's: {@code "x-goog-request-params"
   * header is either missing or misformatted.} (Cloud Tasks,
   * https://github.com/googleapis/google-cloud-go/issues/1027; Artifact Registry answers a call
   * without it with a misleading "invalid repository name",
   * https://github.com/abdolence/gcloud-sdk-rs/issues/192), followed by the field it must name.
   */
  static Optional<String> routingProblem(Rule rule, Metadata headers, Message request) {
    if (!rule.routed()) {
      return Optional.empty();
    }
    List<String> binding = null;
    for (List<String> b : rule.bindings()) {
      if (!b.isEmpty() && b.stream().allMatch(f -> !value(request, f).isEmpty())) {
        binding = b;
        break;
      }
    }
    if (binding == null) {
      return Optional.empty();
    }
    String header = headers.get(REQUEST_PARAMS);
    Map<String, String> params = header == null ? Map.of() : parse(header);
    for (String field : binding) {
      String expected = value(request, field);
      String sent = params.get(field);
      if (sent == null) {
        return Optional.of(
            "\"x-goog-request-params\" header is either missing or misformatted: it must carry"
                + " the request's "
                + field
                + " ("
                + field
                + "="
                + expected
                + ", URL-encoded)"
                + (header == null
                    ? "; the call sent no such header."
                    : "; it carried " + header + "."));
      }
      if (!sent.equals(expected)) {
        return Optional.of(
            "Invalid "
                + field
                + " found in x-goog-request-params metadata ("
                + field
                + "="
                + sent
                + "): it does not match the request's "
                + field
                + " ("
                + expected
                + ").");
      }
    }
    return Optional.empty();
  }

  /** A field of the request by its path ({@code name}, {@code access_tuple.full_resource_name}). */
  private static String value(Message request, String path) {
    Message m = request;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      Descriptors.FieldDescriptor f = m.getDescriptorForType().findFieldByName(parts[i]);
      if (f == null) {
        return "";
      }
      Object v = m.getField(f);
      if (i == parts.length - 1) {
        return v instanceof String s ? s : String.valueOf(v);
      }
      if (!(v instanceof Message next)) {
        return "";
      }
      m = next;
    }
    return "";
  }

  /** {@code k=v&k2=v2}, each side percent-decoded; a malformed pair is skipped. */
  static Map<String, String> parse(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : header.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      try {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      } catch (IllegalArgumentException malformed) {
        // A bad escape leaves the parameter out: it then counts as missing.
      }
    }
    return out;
  }

  // URLDecoder would also turn '+' into a space; gax never sends '+' unescaped, so keep it as is.
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
