package dev.pulldoctor.cli;

import dev.pulldoctor.classify.Classification;
import dev.pulldoctor.classify.MessageClassifier;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullAttempt;
import dev.pulldoctor.domain.PullFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pull-doctor classify}: what a kubelet message alone says, without any GCP call. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Names the failure kind of a kubelet/containerd image-pull message and parses its image.",
      "Makes no Google Cloud call: it reads only the message."
    },
    footer = {
      "",
      "Examples:",
      "  pull-doctor classify --message 'Failed to pull image \"us-docker.pkg.dev/p/r/app:1\": "
          + "... 403 Forbidden'",
      "  pull-doctor classify --event ../shared/corpus/seed-403-logentry.json",
      "  pull-doctor classify --event ../shared/corpus/seed-403-cloudevent.json",
      "",
      "Prints one JSON object: failureKind, followOn, rule (the row of the rule table that",
      "decided), backOff, pullSecretAnswers (when kubelet reported several answers, those of the",
      "pod's imagePullSecrets; the node's own answer, last, decides), image{...}; with --event",
      "also the cluster, namespace, pod and node of the event. Exit 2 when the input is not a",
      "pull failure."
    })
final class ClassifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--message", paramLabel = "TEXT", description = "The event message text.")
    String message;

    @Option(
        names = "--event",
        paramLabel = "FILE",
        description = "A LogEntry or a CloudEvent (JSON) holding the Kubernetes event.")
    Path event;
  }

  @Override
  public Integer call() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (input.message != null) {
      Classification c = MessageClassifier.classify(input.message);
      out.put("failureKind", c.kind().name());
      out.put("followOn", c.followOn());
      out.put("rule", c.rule());
      out.put("backOff", c.backOff());
      out.put("pullSecretAnswers", answers(c.secretAttempts()));
      out.put(
          "image",
          MessageClassifier.imageIn(input.message).map(ClassifyCommand::imageOrError).orElse(null));
    } else {
      PullFailure f = EventFiles.read(input.event);
      out.put("failureKind", f.failureKind().name());
      out.put("followOn", f.followOn());
      Classification c = MessageClassifier.classify(f.message());
      out.put("rule", c.rule());
      out.put("backOff", f.backOff());
      out.put("pullSecretAnswers", answers(f.secretAttempts()));
      out.put("image", f.image() == null ? null : image(f.image()));
      out.put("eventId", f.eventId());
      Map<String, Object> cluster = new LinkedHashMap<>();
      cluster.put("project", f.cluster().project());
      cluster.put("location", f.cluster().location());
      cluster.put("name", f.cluster().name());
      out.put("cluster", cluster);
      out.put("namespace", f.namespace());
      out.put("pod", f.pod());
      out.put("node", f.nodeName());
      out.put("timestamp", f.timestamp() == null ? null : f.timestamp().toString());
    }
    Output.json(spec.commandLine().getOut(), out);
    return PullDoctorCli.OK;
  }

  private static List<Map<String, Object>> answers(List<PullAttempt> attempts) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PullAttempt a : attempts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("failureKind", a.kind().name());
      m.put("rule", a.rule());
      m.put("message", a.message());
      out.add(m);
    }
    return out;
  }

  private static Object imageOrError(String text) {
    try {
      return image(ImageReference.parse(text));
    } catch (IllegalArgumentException e) {
      return Map.of("raw", text, "error", e.getMessage());
    }
  }

  static Map<String, Object> image(ImageReference image) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("raw", image.raw());
    m.put("registry", image.registry().name());
    m.put("host", image.host());
    m.put("location", image.location());
    m.put("project", image.project());
    m.put("repository", image.repository());
    m.put("image", image.image());
    m.put("tag", image.tag());
    m.put("digest", image.digest());
    return m;
  }
}
