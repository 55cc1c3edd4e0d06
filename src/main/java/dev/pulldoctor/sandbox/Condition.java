package dev.pulldoctor.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An IAM Condition of an allow binding ({@code google.type.Expr}: title, description, CEL
 * expression), with the sandbox's own evaluation of the part of CEL that conditions on Artifact
 * Registry and Resource Manager resources use
 * (https://cloud.google.com/iam/docs/conditions-overview): {@code request.time} compared with
 * {@code timestamp('…')}, {@code resource.name}, {@code resource.type} and {@code resource.service}
 * compared with strings or tested with {@code startsWith} / {@code endsWith}, joined by {@code &&},
 * {@code ||}, {@code !} and parentheses.
 *
 * <p>Anything else is refused when the condition is built: a world that holds an expression the
 * sandbox cannot evaluate would otherwise answer as if the binding did or did not apply, and
 * neither would be Google's answer. The expression is type-checked as CEL does (a timestamp is not
 * compared with a string), so a condition Google would reject at {@code setIamPolicy} is rejected
 * here too.
 */
public record Condition(String title, String description, String expression) {

  private static final Map<String, Node> PARSED = new ConcurrentHashMap<>();

  /**
   * What a condition is evaluated against: the request's time and the resource it touches. A null
   * attribute is unknown (the Policy Troubleshooter's caller may leave the request time out).
   */
  public record Facts(Instant requestTime, String resourceName, String resourceType) {

    /**
     * The resource's service, the host part of its type
     * (https://cloud.google.com/iam/docs/conditions-attribute-reference#resource-service).
     */
    String resourceService() {
      if (resourceType == null) {
        return null;
      }
      int slash = resourceType.indexOf('/');
      return slash < 0 ? resourceType : resourceType.substring(0, slash);
    }
  }

  public Condition {
    if (title == null || title.isBlank()) {
      // google.type.Expr leaves title optional, but IAM refuses a condition without one
      // (https://cloud.google.com/iam/docs/conditions-overview#structure).
      throw new IllegalArgumentException("a condition needs a title");
    }
    description = description == null ? "" : description;
    Parser.check(expression);
  }

  /** Whether the condition holds for these facts; a condition that does not hold grants nothing. */
  public boolean holds(Facts facts) {
    return Boolean.TRUE.equals(value(facts));
  }

  /**
   * The condition's value, or null when it turns on an unknown attribute. As in CEL, {@code &&} and
   * {@code ||} are commutative over unknowns: {@code false && unknown} is false, {@code true ||
   * unknown} is true (https://github.com/google/cel-spec/blob/master/doc/langdef.md).
   */
  public Boolean value(Facts facts) {
    return (Boolean) PARSED.computeIfAbsent(expression, Parser::parse).eval(facts);
  }

  /** A problem with an expression, and where in it (0-based character offset). */
  public static final class SyntaxException extends IllegalArgumentException {
    SyntaxException(String expression, int at, String what) {
      super(what + " at character " + (at + 1) + " of \"" + expression + "\"");
    }
  }

  private enum Type {
    BOOL,
    STRING,
    TIMESTAMP
  }

  /** A typed node of the expression tree. */
  private interface Node {
    Type type();

    Object eval(Facts f);
  }

  private record Literal(Type type, Object value) implements Node {
    @Override
    public Object eval(Facts f) {
      return value;
    }
  }

  private static final Map<String, Type> ATTRIBUTES =
      Map.of(
          "request.time", Type.TIMESTAMP,
          "resource.name", Type.STRING,
          "resource.type", Type.STRING,
          "resource.service", Type.STRING);

  private record Attribute(String name) implements Node {
    @Override
    public Type type() {
      return ATTRIBUTES.get(name);
    }

    @Override
    public Object eval(Facts f) {
      return switch (name) {
        case "request.time" -> f.requestTime();
        case "resource.name" -> f.resourceName();
        case "resource.type" -> f.resourceType();
        default -> f.resourceService();
      };
    }
  }

  private record Affix(Node target, String method, String affix) implements Node {
    @Override
    public Type type() {
      return Type.BOOL;
    }

    @Override
    public Object eval(Facts f) {
      String s = (String) target.eval(f);
      if (s == null) {
        return null;
      }
      return method.equals("startsWith") ? s.startsWith(affix) : s.endsWith(affix);
    }
  }

  private record Compare(String op, Node left, Node right) implements Node {
    @Override
    public Type type() {
      return Type.BOOL;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object eval(Facts f) {
      Object l = left.eval(f);
      Object r = right.eval(f);
      if (l == null || r == null) {
        return null;
      }
      int c = ((Comparable<Object>) l).compareTo(r);
      return switch (op) {
        case "==" -> c == 0;
        case "!=" -> c != 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        default -> c >= 0;
      };
    }
  }

  private record Logic(String op, List<Node> operands) implements Node {
    @Override
    public Type type() {
      return Type.BOOL;
    }

    @Override
    public Object eval(Facts f) {
      if (op.equals("!")) {
        Boolean v = (Boolean) operands.get(0).eval(f);
        return v == null ? null : !v;
      }
      // The value that decides (false for &&, true for ||) wins over an unknown.
      boolean decisive = op.equals("||");
      boolean unknown = false;
      for (Node n : operands) {
        Boolean v = (Boolean) n.eval(f);
        if (v == null) {
          unknown = true;
        } else if (v == decisive) {
          return decisive;
        }
      }
      return unknown ? null : !decisive;
    }
  }

  /** Recursive descent over CEL's precedence: {@code ||} below {@code &&} below {@code !}. */
  private static final class Parser {
    private final String text;
    private final List<Token> tokens;
    private int next;

    private record Token(String kind, String text, int at) {}

    private Parser(String text) {
      this.text = text;
      this.tokens = tokenize(text);
    }

    static void check(String expression) {
      parse(expression);
    }

    static Node parse(String expression) {
      if (expression == null || expression.isBlank()) {
        throw new SyntaxException(String.valueOf(expression), 0, "empty expression");
      }
      Parser p = new Parser(expression);
      Node n = p.or();
      if (p.peek() != null) {
        throw p.error(p.peek(), "unexpected " + p.peek().text());
      }
      p.expect(n, Type.BOOL, 0);
      return n;
    }

    private SyntaxException error(Token t, String what) {
      return new SyntaxException(text, t == null ? text.length() : t.at(), what);
    }

    private void expect(Node n, Type type, int at) {
      if (n.type() != type) {
        throw new SyntaxException(
            text,
            at,
            "expected a "
                + type.name().toLowerCase()
                + ", found a "
                + n.type().name().toLowerCase());
      }
    }

    private Token peek() {
      return next < tokens.size() ? tokens.get(next) : null;
    }

    private boolean accept(String t) {
      Token k = peek();
      if (k != null && k.text().equals(t) && !k.kind().equals("string")) {
        next++;
        return true;
      }
      return false;
    }

    private Token take(String kind, String what) {
      Token k = peek();
      if (k == null || !k.kind().equals(kind)) {
        throw error(k, "expected " + what);
      }
      next++;
      return k;
    }

    private void need(String punct) {
      if (!accept(punct)) {
        throw error(peek(), "expected " + punct);
      }
    }

    private Node or() {
      List<Node> parts = new ArrayList<>(List.of(and()));
      while (true) {
        int at = peek() == null ? 0 : peek().at();
        if (!accept("||")) {
          break;
        }
        Node n = and();
        expect(n, Type.BOOL, at);
        parts.add(n);
      }
      if (parts.size() == 1) {
        return parts.get(0);
      }
      expect(parts.get(0), Type.BOOL, 0);
      return new Logic("||", List.copyOf(parts));
    }

    private Node and() {
      List<Node> parts = new ArrayList<>(List.of(unary()));
      while (true) {
        int at = peek() == null ? 0 : peek().at();
        if (!accept("&&")) {
          break;
        }
        Node n = unary();
        expect(n, Type.BOOL, at);
        parts.add(n);
      }
      if (parts.size() == 1) {
        return parts.get(0);
      }
      expect(parts.get(0), Type.BOOL, 0);
      return new Logic("&&", List.copyOf(parts));
    }

    private Node unary() {
      Token t = peek();
      if (accept("!")) {
        Node n = unary();
        expect(n, Type.BOOL, t.at());
        return new Logic("!", List.of(n));
      }
      return comparison();
    }

    private Node comparison() {
      Node left = operand();
      Token op = peek();
      if (op != null
          && op.kind().equals("op")
          && List.of("==", "!=", "<", "<=", ">", ">=").contains(op.text())) {
        next++;
        Node right = operand();
        boolean ordering = !op.text().equals("==") && !op.text().equals("!=");
        if (left.type() != right.type() || left.type() == Type.BOOL && ordering) {
          throw error(
              op,
              "cannot compare a "
                  + left.type().name().toLowerCase()
                  + " with a "
                  + right.type().name().toLowerCase()
                  + " using "
                  + op.text());
        }
        return new Compare(op.text(), left, right);
      }
      return left;
    }

    private Node operand() {
      Token t = peek();
      if (t == null) {
        throw error(null, "unexpected end of expression");
      }
      if (accept("(")) {
        Node n = or();
        need(")");
        return n;
      }
      if (t.kind().equals("string")) {
        next++;
        return new Literal(Type.STRING, t.text());
      }
      if (!t.kind().equals("ident")) {
        throw error(t, "unexpected " + t.text());
      }
      next++;
      switch (t.text()) {
        case "true", "false" -> {
          return new Literal(Type.BOOL, Boolean.valueOf(t.text()));
        }
        case "timestamp" -> {
          need("(");
          Token s = take("string", "a quoted RFC 3339 time");
          need(")");
          try {
            return new Literal(
                Type.TIMESTAMP,
                OffsetDateTime.parse(s.text(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
          } catch (DateTimeParseException e) {
            throw error(s, "not an RFC 3339 time: " + s.text());
          }
        }
        default -> {
          // An attribute is a dotted path; a method call on it follows as .name(…).
          StringBuilder path = new StringBuilder(t.text());
          while (peek() != null
              && peek().text().equals(".")
              && !ATTRIBUTES.containsKey(path.toString())) {
            next++;
            path.append('.').append(take("ident", "a name").text());
          }
          if (!ATTRIBUTES.containsKey(path.toString())) {
            throw error(
                t,
                "the sandbox evaluates only request.time, resource.name, resource.type and"
                    + " resource.service, not "
                    + path);
          }
          Node attribute = new Attribute(path.toString());
          if (accept(".")) {
            Token method = take("ident", "a method name");
            if (!method.text().equals("startsWith") && !method.text().equals("endsWith")) {
              throw error(
                  method,
                  "the sandbox evaluates only startsWith and endsWith, not " + method.text());
            }
            expect(attribute, Type.STRING, t.at());
            need("(");
            Token s = take("string", "a quoted string");
            need(")");
            return new Affix(attribute, method.text(), s.text());
          }
          return attribute;
        }
      }
    }

    private static List<Token> tokenize(String s) {
      List<Token> out = new ArrayList<>();
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '\'' || c == '"') {
          StringBuilder v = new StringBuilder();
          int start = i++;
          while (i < s.length() && s.charAt(i) != c) {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) {
              i++;
            }
            v.append(s.charAt(i++));
          }
          if (i >= s.length()) {
            throw new SyntaxException(s, start, "unterminated string");
          }
          i++;
          out.add(new Token("string", v.toString(), start));
        } else if (Character.isDigit(c)) {
          int start = i;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
          }
          out.add(new Token("number", s.substring(start, i), start));
        } else if (Character.isLetter(c) || c == '_') {
          int start = i;
          while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
          }
          out.add(new Token("ident", s.substring(start, i), start));
        } else {
          String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
          if (List.of("&&", "||", "==", "!=", "<=", ">=").contains(two)) {
            out.add(new Token("op", two, i));
            i += 2;
          } else if ("()<>!.,[]{}".indexOf(c) >= 0) {
            out.add(new Token(c == '<' || c == '>' ? "op" : "punct", String.valueOf(c), i));
            i++;
          } else {
            throw new SyntaxException(s, i, "unexpected character '" + c + "'");
          }
        }
      }
      return out;
    }
  }
}
