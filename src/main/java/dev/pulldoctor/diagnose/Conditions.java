package dev.pulldoctor.diagnose;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pull Doctor's own evaluation of the IAM Conditions it meets most (DESIGN.md §3): {@code
 * request.time} compared with {@code timestamp('…')}, {@code resource.name.startsWith('…')}/{@code
 * endsWith('…')} and {@code resource.name == '…'}, {@code resource.type == '…'} and {@code
 * resource.service == '…'}, joined by {@code &&}, {@code ||}, {@code !} and parentheses. Anything
 * else — a tag, an API attribute, {@code request.time.getHours(…)}, a function it does not know —
 * is UNDECIDED, and the verdict's reason says which part. Pure: the clock and the resource are
 * given.
 *
 * <p>Logic is CEL's
 * (https://github.com/google/cel-spec/blob/master/doc/langdef.md#logical-operators): {@code &&} is
 * false as soon as one side is false, whatever the other side is, and {@code ||} true as soon as
 * one side is true; only when no side decides does the unknown part make the whole undecided. The
 * attributes are those of https://cloud.google.com/iam/docs/conditions-attribute-reference: {@code
 * request.time} is when the request is made, {@code resource.name}/{@code type}/{@code service}
 * name the resource the permission is checked on — for a pull, the repository, whichever level the
 * binding is on.
 */
public final class Conditions {
  private Conditions() {}

  /** What a condition is, now, for this resource. */
  public enum Outcome {
    /** The condition holds: the binding grants its role. */
    TRUE,
    /** The condition does not hold: the binding grants nothing. */
    FALSE,
    /** Pull Doctor cannot tell (an attribute or function it does not evaluate). */
    UNDECIDED
  }

  /** The outcome and why, in words that name the part of the expression that decided it. */
  public record Verdict(Outcome outcome, String reason) {}

  /**
   * What the expression is evaluated against: the investigation's clock, and the resource the
   * permission is checked on.
   */
  public record Context(Instant now, String resourceName, String resourceType, String service) {
    /** The resource type of an Artifact Registry repository, as IAM Conditions name it. */
    public static final String REPOSITORY_TYPE = "artifactregistry.googleapis.com/Repository";

    /** A pull from {@code repositoryName} ({@code projects/P/locations/L/repositories/R}). */
    public static Context repository(Instant now, String repositoryName) {
      return new Context(now, repositoryName, REPOSITORY_TYPE, "artifactregistry.googleapis.com");
    }
  }

  /** Evaluates {@code expression} in {@code context}. Never throws. */
  public static Verdict evaluate(String expression, Context context) {
    Value v;
    try {
      Parser p = new Parser(expression, context);
      v = p.expression();
      p.expectEnd();
    } catch (SyntaxError e) {
      return new Verdict(
          Outcome.UNDECIDED, "Pull Doctor cannot read the expression: " + e.getMessage());
    }
    if (v instanceof Bool b) {
      return new Verdict(b.outcome(), b.reason());
    }
    if (v instanceof Unknown u) {
      return new Verdict(Outcome.UNDECIDED, u.reason());
    }
    return new Verdict(Outcome.UNDECIDED, "the expression is not a condition: " + v.text());
  }

  /** A condition's verdict, for a binding's condition. */
  public static Verdict evaluate(Condition condition, Context context) {
    return evaluate(condition.expression(), context);
  }

  // --- values ---------------------------------------------------------------------------------

  private sealed interface Value permits Bool, Str, Time, Unknown {
    /** The source text that produced the value. */
    String text();
  }

  /** A decided or undecided truth value, with why. */
  private record Bool(Outcome outcome, String reason, String text) implements Value {}

  private record Str(String value, String text) implements Value {}

  private record Time(Instant value, String text) implements Value {}

  /** A value Pull Doctor does not evaluate: its reason says which part. */
  private record Unknown(String reason, String text) implements Value {}

  private static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message);
    }
  }

  // --- tokens ---------------------------------------------------------------------------------

  private enum Kind {
    IDENT,
    STRING,
    NUMBER,
    OP,
    END
  }

  private record Token(Kind kind, String text, int start, int end) {}

  private static List<Token> tokens(String s) throws SyntaxError {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        out.add(new Token(Kind.IDENT, s.substring(i, j), i, j));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.')) {
          j++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(i, j), i, j));
        i = j;
      } else if (c == '\'' || c == '"') {
        StringBuilder v = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j++;
          }
          v.append(s.charAt(j));
          j++;
        }
        if (j >= s.length()) {
          throw new SyntaxError("a string is not closed at position " + i);
        }
        out.add(new Token(Kind.STRING, v.toString(), i, j + 1));
        i = j + 1;
      } else {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (List.of("&&", "||", "==", "!=", "<=", ">=").contains(two)) {
          out.add(new Token(Kind.OP, two, i, i + 2));
          i += 2;
        } else if ("!<>().,[]{}:-+*/%?".indexOf(c) >= 0) {
          out.add(new Token(Kind.OP, String.valueOf(c), i, i + 1));
          i++;
        } else {
          throw new SyntaxError("unexpected '" + c + "' at position " + i);
        }
      }
    }
    out.add(new Token(Kind.END, "", s.length(), s.length()));
    return out;
  }

  // --- parser and evaluator -------------------------------------------------------------------

  /** Recursive descent over CEL's precedence: || below && below ! below comparisons. */
  private static final class Parser {
    private final String source;
    private final Context context;
    private final List<Token> tokens;
    private int at;

    Parser(String source, Context context) throws SyntaxError {
      this.source = source;
      this.context = context;
      this.tokens = tokens(source);
    }

    Value expression() throws SyntaxError {
      int start = peek().start();
      Value left = and();
      while (accept("||")) {
        Value right = and();
        left = or(left, right, text(start));
      }
      return left;
    }

    void expectEnd() throws SyntaxError {
      if (peek().kind() != Kind.END) {
        throw new SyntaxError("unexpected '" + peek().text() + "' at position " + peek().start());
      }
    }

    private Value and() throws SyntaxError {
      int start = peek().start();
      Value left = unary();
      while (accept("&&")) {
        Value right = unary();
        left = and(left, right, text(start));
      }
      return left;
    }

    private Value unary() throws SyntaxError {
      int start = peek().start();
      if (accept("!")) {
        Value v = unary();
        String text = text(start);
        if (v instanceof Bool b) {
          return switch (b.outcome()) {
            case TRUE -> new Bool(Outcome.FALSE, text + " is false: " + b.reason(), text);
            case FALSE -> new Bool(Outcome.TRUE, text + " is true: " + b.reason(), text);
            case UNDECIDED -> new Bool(Outcome.UNDECIDED, b.reason(), text);
          };
        }
        return unknown(v, text);
      }
      return comparison();
    }

    private Value comparison() throws SyntaxError {
      int start = peek().start();
      Value left = primary();
      Token op = peek();
      if (op.kind() == Kind.OP && List.of("==", "!=", "<", "<=", ">", ">=").contains(op.text())) {
        at++;
        Value right = primary();
        return compare(left, op.text(), right, text(start));
      }
      if (op.kind() == Kind.IDENT && op.text().equals("in")) {
        at++;
        Value right = primary();
        String text = text(start);
        return new Unknown(
            firstUnknown(left, right, "the 'in' operator is not evaluated by Pull Doctor"), text);
      }
      return left;
    }

    private Value primary() throws SyntaxError {
      int start = peek().start();
      Token t = next();
      Value v;
      if (t.kind() == Kind.OP && t.text().equals("(")) {
        v = expression();
        expect(")");
        v = regroup(v, text(start));
      } else if (t.kind() == Kind.OP && t.text().equals("[")) {
        skipUntil("]");
        v = new Unknown("a list is not evaluated by Pull Doctor", text(start));
      } else if (t.kind() == Kind.STRING) {
        v = new Str(t.text(), text(start));
      } else if (t.kind() == Kind.NUMBER) {
        v = new Unknown("a number is not evaluated by Pull Doctor", text(start));
      } else if (t.kind() == Kind.IDENT) {
        v = identifier(t, start);
      } else {
        throw new SyntaxError("unexpected '" + t.text() + "' at position " + t.start());
      }
      // Member access or a method call on the value: only startsWith/endsWith of a string are
      // known.
      while (accept(".")) {
        Token member = next();
        if (member.kind() != Kind.IDENT) {
          throw new SyntaxError("a name must follow '.' at position " + member.start());
        }
        if (accept("(")) {
          List<Value> args = arguments();
          v = method(v, member.text(), args, text(start));
        } else {
          v =
              new Unknown(
                  firstUnknown(v, null, "the attribute " + text(start) + " is not evaluated"),
                  text(start));
        }
      }
      return v;
    }

    private Value identifier(Token t, int start) throws SyntaxError {
      String name = t.text();
      if (name.equals("true") || name.equals("false")) {
        return new Bool(
            name.equals("true") ? Outcome.TRUE : Outcome.FALSE, name + " is " + name, name);
      }
      if (accept("(")) {
        List<Value> args = arguments();
        String text = text(start);
        if (name.equals("timestamp") && args.size() == 1 && args.get(0) instanceof Str s) {
          try {
            return new Time(Instant.parse(s.value()), text);
          } catch (DateTimeParseException e) {
            return new Unknown("'" + s.value() + "' is not an RFC 3339 timestamp", text);
          }
        }
        return new Unknown("the function " + name + "() is not evaluated by Pull Doctor", text);
      }
      // An attribute path: request.time, resource.name, resource.type, resource.service.
      StringBuilder path = new StringBuilder(name);
      while (peek().text().equals(".")
          && tokens.get(at + 1).kind() == Kind.IDENT
          && !tokens.get(at + 2).text().equals("(")) {
        at++;
        path.append('.').append(next().text());
      }
      String p = path.toString();
      String text = text(start);
      return switch (p) {
        case "request.time" ->
            context.now() == null
                ? new Unknown("the time of the request is not known here", text)
                : new Time(context.now(), text);
        case "resource.name" -> known(context.resourceName(), p, text);
        case "resource.type" -> known(context.resourceType(), p, text);
        case "resource.service" -> known(context.service(), p, text);
        default -> new Unknown("the attribute " + p + " is not evaluated by Pull Doctor", text);
      };
    }

    private static Value known(String value, String path, String text) {
      return value == null ? new Unknown(path + " is not known here", text) : new Str(value, text);
    }

    private List<Value> arguments() throws SyntaxError {
      List<Value> args = new ArrayList<>();
      if (accept(")")) {
        return args;
      }
      do {
        args.add(expression());
      } while (accept(","));
      expect(")");
      return args;
    }

    private Value method(Value target, String name, List<Value> args, String text) {
      if ((name.equals("startsWith") || name.equals("endsWith"))
          && target instanceof Str s
          && args.size() == 1
          && args.get(0) instanceof Str prefix) {
        boolean holds =
            name.equals("startsWith")
                ? s.value().startsWith(prefix.value())
                : s.value().endsWith(prefix.value());
        return new Bool(
            holds ? Outcome.TRUE : Outcome.FALSE,
            text + " is " + holds + " (" + s.text() + " is '" + s.value() + "')",
            text);
      }
      return new Unknown(target.text() + "." + name + "() is not evaluated by Pull Doctor", text);
    }

    private Value compare(Value left, String op, Value right, String text) {
      if (left instanceof Unknown || right instanceof Unknown) {
        return new Unknown(firstUnknown(left, right, ""), text);
      }
      Integer order = null;
      String shown = null;
      if (left instanceof Time a && right instanceof Time b) {
        order = a.value().compareTo(b.value());
        shown = timeShown(a, b);
      } else if (left instanceof Str a && right instanceof Str b) {
        if (!op.equals("==") && !op.equals("!=")) {
          return new Unknown("a string ordering is not evaluated by Pull Doctor", text);
        }
        order = a.value().equals(b.value()) ? 0 : 1;
        shown = strShown(a, b);
      }
      if (order == null) {
        return new Unknown("cannot compare " + left.text() + " with " + right.text(), text);
      }
      boolean holds =
          switch (op) {
            case "==" -> order == 0;
            case "!=" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
          };
      return new Bool(
          holds ? Outcome.TRUE : Outcome.FALSE,
          text + " is " + holds + (shown == null ? "" : " (" + shown + ")"),
          text);
    }

    private static String timeShown(Time a, Time b) {
      if (a.text().equals("request.time")) {
        return "request.time is " + a.value();
      }
      if (b.text().equals("request.time")) {
        return "request.time is " + b.value();
      }
      return null;
    }

    private static String strShown(Str a, Str b) {
      if (a.text().startsWith("resource.")) {
        return a.text() + " is '" + a.value() + "'";
      }
      if (b.text().startsWith("resource.")) {
        return b.text() + " is '" + b.value() + "'";
      }
      return null;
    }

    private static Value and(Value l, Value r, String text) {
      Outcome a = outcome(l);
      Outcome b = outcome(r);
      if (a == Outcome.FALSE) {
        return new Bool(Outcome.FALSE, reason(l), text);
      }
      if (b == Outcome.FALSE) {
        return new Bool(Outcome.FALSE, reason(r), text);
      }
      if (a == Outcome.TRUE && b == Outcome.TRUE) {
        return new Bool(Outcome.TRUE, reason(l) + "; " + reason(r), text);
      }
      return new Bool(Outcome.UNDECIDED, a == Outcome.UNDECIDED ? reason(l) : reason(r), text);
    }

    private static Value or(Value l, Value r, String text) {
      Outcome a = outcome(l);
      Outcome b = outcome(r);
      if (a == Outcome.TRUE) {
        return new Bool(Outcome.TRUE, reason(l), text);
      }
      if (b == Outcome.TRUE) {
        return new Bool(Outcome.TRUE, reason(r), text);
      }
      if (a == Outcome.FALSE && b == Outcome.FALSE) {
        return new Bool(Outcome.FALSE, reason(l) + "; " + reason(r), text);
      }
      return new Bool(Outcome.UNDECIDED, a == Outcome.UNDECIDED ? reason(l) : reason(r), text);
    }

    /** A parenthesised value keeps its outcome; its text becomes the whole group. */
    private static Value regroup(Value v, String text) {
      if (v instanceof Bool b) {
        return new Bool(b.outcome(), b.reason(), text);
      }
      if (v instanceof Str s) {
        return new Str(s.value(), text);
      }
      if (v instanceof Time t) {
        return new Time(t.value(), text);
      }
      return new Unknown(((Unknown) v).reason(), text);
    }

    private static Outcome outcome(Value v) {
      return v instanceof Bool b ? b.outcome() : Outcome.UNDECIDED;
    }

    private static String reason(Value v) {
      if (v instanceof Bool b) {
        return b.reason();
      }
      if (v instanceof Unknown u) {
        return u.reason();
      }
      return v.text() + " is not a condition";
    }

    private static Value unknown(Value v, String text) {
      return new Unknown(
          v instanceof Unknown u ? u.reason() : v.text() + " is not a condition", text);
    }

    private static String firstUnknown(Value a, Value b, String otherwise) {
      if (a instanceof Unknown u) {
        return u.reason();
      }
      if (b instanceof Unknown u) {
        return u.reason();
      }
      return otherwise;
    }

    private String text(int start) {
      int end = at == 0 ? start : tokens.get(at - 1).end();
      return source.substring(start, Math.max(start, end)).trim();
    }

    private Token peek() {
      return tokens.get(at);
    }

    private Token next() throws SyntaxError {
      Token t = tokens.get(at);
      if (t.kind() == Kind.END) {
        throw new SyntaxError("the expression ends too early");
      }
      at++;
      return t;
    }

    private boolean accept(String op) {
      Token t = peek();
      if ((t.kind() == Kind.OP || t.kind() == Kind.IDENT) && t.text().equals(op)) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(String op) throws SyntaxError {
      if (!accept(op)) {
        throw new SyntaxError(
            "expected '"
                + op
                + "' at position "
                + peek().start()
                + ", found '"
                + peek().text()
                + "'");
      }
    }

    private void skipUntil(String close) throws SyntaxError {
      int depth = 1;
      while (depth > 0) {
        Token t = next();
        if (t.text().equals("[")) {
          depth++;
        } else if (t.text().equals(close)) {
          depth--;
        }
      }
    }
  }
}
