package dev.pulldoctor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The top-level blocks of one Terraform module (the {@code *.tf} files of one folder). */
public final class TerraformModule {

  /** The Pull Doctor module, relative to the project root (Maven's working directory). */
  public static final Path DIRECTORY = Path.of("terraform");

  private final List<Hcl.Block> blocks;
  private final Map<String, Hcl.Expression> locals = new LinkedHashMap<>();

  private TerraformModule(List<Hcl.Block> blocks) {
    this.blocks = List.copyOf(blocks);
    for (Hcl.Block b : blocks) {
      if (b.type().equals("locals")) {
        b.attributes()
            .forEach(
                (name, e) -> {
                  if (locals.put(name, e) != null) {
                    throw new IllegalArgumentException("local." + name + " is defined twice");
                  }
                });
      }
    }
  }

  /** Reads the {@code *.tf} files of {@code dir}, not its subfolders, as Terraform does. */
  public static TerraformModule load(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      Map<String, String> sources = new LinkedHashMap<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
        sources.put(dir.relativize(f).toString(), Files.readString(f));
      }
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("no .tf files in " + dir.toAbsolutePath());
      }
      return parse(sources);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A module from file name → source, for tests that build one. */
  public static TerraformModule parse(Map<String, String> sources) {
    List<Hcl.Block> all = new ArrayList<>();
    sources.forEach((file, source) -> all.addAll(Hcl.parse(source, file)));
    return new TerraformModule(all);
  }

  public List<Hcl.Block> blocks() {
    return blocks;
  }

  /** Blocks of a type: {@code variable}, {@code output}, {@code module}. */
  public List<Hcl.Block> blocks(String type) {
    return blocks.stream().filter(b -> b.type().equals(type)).toList();
  }

  /** Every managed resource, in file order. */
  public List<Hcl.Block> resources() {
    return blocks("resource");
  }

  /** The resources of one type. */
  public List<Hcl.Block> resources(String type) {
    return resources().stream().filter(b -> b.labels().get(0).equals(type)).toList();
  }

  /** The one resource of a type and name, or an assertion error. */
  public Hcl.Block resource(String type, String name) {
    return resources(type).stream()
        .filter(b -> b.labels().get(1).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no resource " + type + "." + name));
  }

  /** The one resource of a type, or an assertion error. */
  public Hcl.Block onlyResource(String type) {
    List<Hcl.Block> found = resources(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type + ", found " + found.size());
    }
    return found.get(0);
  }

  public Map<String, Hcl.Expression> locals() {
    return locals;
  }

  /** {@code local.name}'s expression, or an assertion error. */
  public Hcl.Expression local(String name) {
    Hcl.Expression e = locals.get(name);
    if (e == null) {
      throw new AssertionError("no local." + name);
    }
    return e;
  }

  /** The variable block of that name, or an assertion error. */
  public Hcl.Block variable(String name) {
    return blocks("variable").stream()
        .filter(b -> b.labels().get(0).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no variable " + name));
  }

  /**
   * The expression's references plus, for every {@code local.x} among them, the references of that
   * local's own expression, and so on through locals that name locals.
   */
  public Set<String> deepReferences(Hcl.Expression e) {
    Set<String> out = new LinkedHashSet<>();
    collect(e, out, new HashSet<>());
    return out;
  }

  private void collect(Hcl.Expression e, Set<String> out, Set<String> visited) {
    for (String ref : e.references()) {
      out.add(ref);
      String name = localName(ref);
      if (name != null && visited.add(name) && locals.containsKey(name)) {
        collect(locals.get(name), out, visited);
      }
    }
  }

  /** The locals an expression names, directly or through other locals. */
  public Set<String> deepLocals(Hcl.Expression e) {
    Set<String> names = new LinkedHashSet<>();
    for (String ref : deepReferences(e)) {
      String name = localName(ref);
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  /** {@code function} for {@code local.function.logFilter}; null for other references. */
  public static String localName(String reference) {
    if (!reference.startsWith("local.")) {
      return null;
    }
    String rest = reference.substring("local.".length());
    int end = 0;
    while (end < rest.length()
        && (Character.isLetterOrDigit(rest.charAt(end))
            || rest.charAt(end) == '_'
            || rest.charAt(end) == '-')) {
      end++;
    }
    return rest.substring(0, end);
  }

  /** True when some reference equals {@code prefix} or continues it with {@code .} or {@code [}. */
  public static boolean mentions(Set<String> references, String prefix) {
    return references.stream()
        .anyMatch(
            r -> r.equals(prefix) || r.startsWith(prefix + ".") || r.startsWith(prefix + "["));
  }
}
