package dev.pulldoctor.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A reader for the part of HCL's native syntax that Terraform configurations are written in: blocks
 * with labels, attributes, and expressions kept as token lists rather than evaluated.
 *
 * <p>The contract tests ask what an expression <em>refers to</em> ({@code
 * local.function.logFilter}, {@code var.remediation}), not what it evaluates to, so nothing here
 * evaluates. The maintained Java HCL parser on Maven Central (hcl4j 0.9.4) evaluates as it parses:
 * conditionals become numbers, {@code for_each} and unresolved locals become null, and the
 * references are lost. Strings with {@code ${...}} interpolation, heredocs and comments are read as
 * in the HCL spec (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md); anything outside
 * the subset fails loudly with a file and line.
 */
public final class Hcl {

  private Hcl() {}

  /** What a token is. */
  public enum Kind {
    IDENT,
    NUMBER,
    /** A quoted template; {@link Token#value()} is its text with interpolations left as written. */
    STRING,
    /** A heredoc; {@link Token#value()} is its text, indentation stripped for {@code <<-}. */
    HEREDOC,
    OP,
    NEWLINE,
    EOF
  }

  /**
   * One token. {@code parts} holds the tokens of each {@code ${...}} or {@code %{...}} inside a
   * template.
   */
  public record Token(
      Kind kind, String text, String value, List<List<Token>> parts, int start, int end, int line) {

    boolean is(String op) {
      return kind == Kind.OP && text.equals(op);
    }

    /** A template with no interpolation: a plain string. */
    public boolean isLiteralString() {
      return (kind == Kind.STRING || kind == Kind.HEREDOC) && parts.isEmpty();
    }
  }

  /** A block: {@code type "label" ... { attributes and blocks }}. */
  public record Block(
      String type,
      List<String> labels,
      Map<String, Expression> attributes,
      List<Block> blocks,
      String file,
      int line) {

    /** {@code file:line}, for messages. */
    public String where() {
      return file + ":" + line;
    }

    /** {@code resource.google_x.name} style address, for messages. */
    public String address() {
      return String.join(".", labels.isEmpty() ? List.of(type) : labels);
    }

    /** The attribute, or an assertion error naming the block. */
    public Expression attribute(String name) {
      Expression e = attributes.get(name);
      if (e == null) {
        throw new AssertionError(address() + " (" + where() + ") has no attribute " + name);
      }
      return e;
    }

    public Optional<Expression> optionalAttribute(String name) {
      return Optional.ofNullable(attributes.get(name));
    }

    /** Nested blocks of a type; {@code dynamic "x"} blocks are found under type {@code dynamic}. */
    public List<Block> blocks(String blockType) {
      return blocks.stream().filter(b -> b.type.equals(blockType)).toList();
    }

    /** The one nested block of a type, or an assertion error. */
    public Block block(String blockType) {
      List<Block> found = blocks(blockType);
      if (found.size() != 1) {
        throw new AssertionError(
            address() + " (" + where() + ") has " + found.size() + " " + blockType + " blocks");
      }
      return found.get(0);
    }
  }

  /** An attribute's expression, as tokens; newlines inside brackets are kept as tokens. */
  public record Expression(List<Token> tokens, String source, String file, int line) {

    /** The expression as written, comments included. */
    public String text() {
      Token first = tokens.get(0);
      Token last = tokens.get(tokens.size() - 1);
      return source.substring(first.start(), last.end());
    }

    /** The tokens with whitespace, newlines and comments collapsed to one space where present. */
    public String normalized() {
      StringBuilder out = new StringBuilder();
      Token previous = null;
      for (Token t : significant()) {
        if (previous != null && previous.end() < t.start()) {
          out.append(' ');
        }
        out.append(t.text());
        previous = t;
      }
      return out.toString();
    }

    /** The tokens other than newlines. */
    public List<Token> significant() {
      return tokens.stream().filter(t -> t.kind() != Kind.NEWLINE).toList();
    }

    /** The value of a plain string literal, or an assertion error. */
    public String string() {
      List<Token> s = significant();
      if (s.size() != 1 || !s.get(0).isLiteralString()) {
        throw new AssertionError(where() + ": expected a plain string, found " + text());
      }
      return s.get(0).value();
    }

    public boolean isString() {
      List<Token> s = significant();
      return s.size() == 1 && s.get(0).isLiteralString();
    }

    /** {@code ["a", "b"]}, also wrapped in {@code toset(...)} or {@code tolist(...)}. */
    public List<String> stringList() {
      List<Token> s = significant();
      int from = 0;
      int to = s.size();
      if (s.size() >= 3
          && s.get(0).kind() == Kind.IDENT
          && (s.get(0).text().equals("toset") || s.get(0).text().equals("tolist"))
          && s.get(1).is("(")
          && s.get(to - 1).is(")")) {
        from = 2;
        to -= 1;
      }
      if (to - from < 2 || !s.get(from).is("[") || !s.get(to - 1).is("]")) {
        throw new AssertionError(where() + ": expected a list of strings, found " + text());
      }
      List<String> values = new ArrayList<>();
      boolean expectValue = true;
      for (Token t : s.subList(from + 1, to - 1)) {
        if (expectValue && t.isLiteralString()) {
          values.add(t.value());
          expectValue = false;
        } else if (!expectValue && t.is(",")) {
          expectValue = true;
        } else {
          throw new AssertionError(where() + ": expected a list of strings, found " + text());
        }
      }
      return values;
    }

    /** True when the expression is a list of plain strings. */
    public boolean isStringList() {
      try {
        stringList();
        return true;
      } catch (AssertionError e) {
        return false;
      }
    }

    /**
     * Every traversal the expression names, interpolations included, rendered without spaces:
     * {@code var.sink.scope}, {@code google_logging_project_sink.events[*].writer_identity}.
     * Function names, object keys and single names ({@code pair}) are not traversals.
     */
    public Set<String> references() {
      Set<String> found = new LinkedHashSet<>();
      collectReferences(tokens, found);
      return found;
    }

    /** The expression when it is exactly one traversal, e.g. {@code local.function.logFilter}. */
    public Optional<String> soleReference() {
      List<Token> s = significant();
      if (s.isEmpty() || s.get(0).kind() != Kind.IDENT) {
        return Optional.empty();
      }
      int end = traversalEnd(s, 0);
      if (end != s.size() || end == 1) {
        return Optional.empty();
      }
      return Optional.of(render(s.subList(0, end)));
    }

    /** {@code condition ? then : else}, with enclosing parentheses removed. */
    public Optional<Conditional> conditional() {
      List<Token> s = significant();
      while (s.size() >= 2 && s.get(0).is("(") && closing(s, 0) == s.size() - 1) {
        s = s.subList(1, s.size() - 1);
      }
      int depth = 0;
      int question = -1;
      int colon = -1;
      for (int i = 0; i < s.size(); i++) {
        Token t = s.get(i);
        if (t.is("(") || t.is("[") || t.is("{")) {
          depth++;
        } else if (t.is(")") || t.is("]") || t.is("}")) {
          depth--;
        } else if (depth == 0 && t.is("?") && question < 0) {
          question = i;
        } else if (depth == 0 && t.is(":") && question >= 0 && colon < 0) {
          colon = i;
        }
      }
      if (question < 0 || colon < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new Conditional(
              sub(s, 0, question), sub(s, question + 1, colon), sub(s, colon + 1, s.size())));
    }

    /** The keys of an object constructor {@code { a = 1, "b" = 2 }}, in order. */
    public List<String> objectKeys() {
      List<Token> t = tokens;
      if (t.isEmpty() || !t.get(0).is("{") || closing(t, 0) != t.size() - 1) {
        throw new AssertionError(where() + ": expected an object, found " + text());
      }
      List<String> keys = new ArrayList<>();
      int depth = 0;
      boolean itemStart = false;
      for (int i = 0; i < t.size(); i++) {
        Token k = t.get(i);
        if (k.is("(") || k.is("[") || k.is("{")) {
          depth++;
          itemStart = depth == 1;
          continue;
        }
        if (k.is(")") || k.is("]") || k.is("}")) {
          depth--;
          continue;
        }
        if (depth == 1 && (k.kind() == Kind.NEWLINE || k.is(","))) {
          itemStart = true;
          continue;
        }
        if (depth == 1 && itemStart) {
          if (k.kind() == Kind.IDENT && k.text().equals("for")) {
            throw new AssertionError(where() + ": a for expression, not an object: " + text());
          }
          boolean key =
              (k.kind() == Kind.IDENT || k.isLiteralString())
                  && i + 1 < t.size()
                  && (t.get(i + 1).is("=") || t.get(i + 1).is(":"));
          if (key) {
            keys.add(k.kind() == Kind.IDENT ? k.text() : k.value());
          }
        }
        itemStart = false;
      }
      return keys;
    }

    /** Every plain string literal inside, interpolations included. */
    public List<String> stringLiterals() {
      List<String> out = new ArrayList<>();
      collectStrings(tokens, out);
      return out;
    }

    private static void collectStrings(List<Token> tokens, List<String> out) {
      for (Token t : tokens) {
        if (t.isLiteralString()) {
          out.add(t.value());
        }
        for (List<Token> part : t.parts()) {
          collectStrings(part, out);
        }
      }
    }

    private Expression sub(List<Token> s, int from, int to) {
      if (from >= to) {
        throw new AssertionError(where() + ": empty part of a conditional: " + text());
      }
      return new Expression(List.copyOf(s.subList(from, to)), source, file, line);
    }

    /** {@code file:line}, for messages. */
    public String where() {
      return file + ":" + line;
    }

    @Override
    public String toString() {
      return normalized();
    }
  }

  /** The parts of {@code condition ? then : otherwise}. */
  public record Conditional(Expression condition, Expression then, Expression otherwise) {}

  /** Parses one file's top-level blocks; attributes at the top level are not Terraform and fail. */
  public static List<Block> parse(String source, String file) {
    Lexer lexer = new Lexer(source, file);
    List<Token> tokens = lexer.all();
    Parser parser = new Parser(tokens, source, file);
    Body body = parser.body(false);
    if (!body.attributes.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": top-level attribute " + body.attributes.keySet().iterator().next());
    }
    return body.blocks;
  }

  // ---------------------------------------------------------------------------------------------
  // References

  private static void collectReferences(List<Token> tokens, Set<String> found) {
    List<Token> s = tokens.stream().filter(t -> t.kind() != Kind.NEWLINE).toList();
    for (int i = 0; i < s.size(); i++) {
      Token t = s.get(i);
      for (List<Token> part : t.parts()) {
        collectReferences(part, found);
      }
      boolean afterDot = i > 0 && s.get(i - 1).is(".");
      if (t.kind() != Kind.IDENT || afterDot) {
        continue;
      }
      int end = traversalEnd(s, i);
      boolean hasAttribute = false;
      for (int j = i + 1; j < end; j++) {
        if (s.get(j).is(".")) {
          hasAttribute = true;
        }
      }
      if (hasAttribute) {
        found.add(render(s.subList(i, end)));
        // Index expressions inside the traversal may name traversals of their own.
        for (int j = i + 1; j < end; j++) {
          if (s.get(j).is("[")) {
            collectReferences(s.subList(j + 1, closing(s, j)), found);
          }
        }
        i = end - 1;
      }
    }
  }

  /** The index just past a traversal starting at {@code start}: name, .attr, [index], .*. */
  private static int traversalEnd(List<Token> s, int start) {
    int i = start + 1;
    if (i < s.size() && s.get(i).is("(")) {
      return start + 1; // a function call
    }
    while (i < s.size()) {
      Token t = s.get(i);
      if (t.is(".")
          && i + 1 < s.size()
          && (s.get(i + 1).kind() == Kind.IDENT
              || s.get(i + 1).is("*")
              || s.get(i + 1).kind() == Kind.NUMBER)) {
        i += 2;
      } else if (t.is("[")) {
        i = closing(s, i) + 1;
      } else {
        break;
      }
    }
    return i;
  }

  private static String render(List<Token> tokens) {
    StringBuilder out = new StringBuilder();
    for (Token t : tokens) {
      if (t.kind() == Kind.NEWLINE) {
        continue;
      }
      out.append(t.text());
    }
    return out.toString();
  }

  /** The index of the bracket that closes the one at {@code open}. */
  private static int closing(List<Token> s, int open) {
    int depth = 0;
    for (int i = open; i < s.size(); i++) {
      Token t = s.get(i);
      if (t.is("(") || t.is("[") || t.is("{")) {
        depth++;
      } else if (t.is(")") || t.is("]") || t.is("}")) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw new IllegalArgumentException("unbalanced brackets at line " + s.get(open).line());
  }

  // ---------------------------------------------------------------------------------------------
  // Parser

  private record Body(Map<String, Expression> attributes, List<Block> blocks) {}

  private static final class Parser {
    private final List<Token> tokens;
    private final String source;
    private final String file;
    private int pos;

    Parser(List<Token> tokens, String source, String file) {
      this.tokens = tokens;
      this.source = source;
      this.file = file;
    }

    Body body(boolean nested) {
      Map<String, Expression> attributes = new LinkedHashMap<>();
      List<Block> blocks = new ArrayList<>();
      while (true) {
        while (peek().kind() == Kind.NEWLINE) {
          pos++;
        }
        Token t = peek();
        if (t.kind() == Kind.EOF) {
          if (nested) {
            throw error(t, "unexpected end of file inside a block");
          }
          break;
        }
        if (t.is("}")) {
          if (!nested) {
            throw error(t, "unexpected }");
          }
          break;
        }
        if (t.kind() != Kind.IDENT) {
          throw error(t, "expected an attribute or block name, found " + t.text());
        }
        pos++;
        if (peek().is("=")) {
          pos++;
          Expression e = expression(t.line());
          if (attributes.put(t.text(), e) != null) {
            throw error(t, "attribute " + t.text() + " set twice");
          }
        } else {
          List<String> labels = new ArrayList<>();
          while (peek().kind() == Kind.STRING || peek().kind() == Kind.IDENT) {
            Token label = tokens.get(pos++);
            labels.add(label.kind() == Kind.STRING ? label.value() : label.text());
          }
          expect("{");
          Body inner = body(true);
          expect("}");
          blocks.add(
              new Block(
                  t.text(),
                  List.copyOf(labels),
                  Collections.unmodifiableMap(inner.attributes),
                  List.copyOf(inner.blocks),
                  file,
                  t.line()));
        }
        Token after = peek();
        if (after.kind() != Kind.NEWLINE && after.kind() != Kind.EOF && !after.is("}")) {
          throw error(after, "expected a new line, found " + after.text());
        }
      }
      return new Body(attributes, blocks);
    }

    /** Tokens up to a new line (or a block's closing brace) outside any bracket. */
    private Expression expression(int line) {
      List<Token> out = new ArrayList<>();
      int depth = 0;
      while (true) {
        Token t = peek();
        if (t.kind() == Kind.EOF) {
          break;
        }
        if (depth == 0 && (t.kind() == Kind.NEWLINE || t.is("}"))) {
          break;
        }
        if (t.is("(") || t.is("[") || t.is("{")) {
          depth++;
        } else if (t.is(")") || t.is("]") || t.is("}")) {
          depth--;
        }
        out.add(t);
        pos++;
      }
      if (depth != 0) {
        throw error(peek(), "unbalanced brackets in the expression starting at line " + line);
      }
      if (out.isEmpty()) {
        throw error(peek(), "missing expression");
      }
      return new Expression(List.copyOf(out), source, file, line);
    }

    private void expect(String op) {
      Token t = peek();
      if (!t.is(op)) {
        throw error(t, "expected " + op + ", found " + (t.kind() == Kind.EOF ? "EOF" : t.text()));
      }
      pos++;
    }

    private Token peek() {
      return tokens.get(pos);
    }

    private IllegalArgumentException error(Token t, String message) {
      return new IllegalArgumentException(file + ":" + t.line() + ": " + message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lexer

  private static final List<String> OPERATORS =
      List.of(
          "...", "==", "!=", "<=", ">=", "&&", "||", "=>", "=", "<", ">", "!", "+", "-", "*", "/",
          "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}", "~");

  private static final class Lexer {
    private final String src;
    private final String file;
    private int pos;
    private int line;

    Lexer(String src, String file) {
      this(src, file, 1);
    }

    Lexer(String src, String file, int firstLine) {
      this.src = src;
      this.file = file;
      this.line = firstLine;
    }

    List<Token> all() {
      List<Token> out = new ArrayList<>();
      Token t;
      do {
        t = next();
        out.add(t);
      } while (t.kind() != Kind.EOF);
      return out;
    }

    /** Tokens up to the brace that closes an interpolation; consumes that brace. */
    List<Token> untilClosingBrace() {
      List<Token> out = new ArrayList<>();
      int depth = 0;
      while (true) {
        Token t = next();
        if (t.kind() == Kind.EOF) {
          throw error("unterminated interpolation");
        }
        if (t.is("{")) {
          depth++;
        } else if (t.is("}")) {
          if (depth == 0) {
            return out;
          }
          depth--;
        }
        out.add(t);
      }
    }

    private Token next() {
      skipBlanksAndComments();
      if (pos >= src.length()) {
        return new Token(Kind.EOF, "", null, List.of(), pos, pos, line);
      }
      int start = pos;
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        return new Token(Kind.NEWLINE, "\n", null, List.of(), start, pos, line - 1);
      }
      if (Character.isLetter(c) || c == '_') {
        while (pos < src.length()
            && (Character.isLetterOrDigit(src.charAt(pos))
                || src.charAt(pos) == '_'
                || src.charAt(pos) == '-')) {
          pos++;
        }
        return token(Kind.IDENT, start);
      }
      if (Character.isDigit(c)) {
        while (pos < src.length()
            && (Character.isDigit(src.charAt(pos))
                || src.charAt(pos) == '.'
                    && pos + 1 < src.length()
                    && Character.isDigit(src.charAt(pos + 1)))) {
          pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
          pos++;
          if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
            pos++;
          }
          while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
          }
        }
        return token(Kind.NUMBER, start);
      }
      if (c == '"') {
        return quoted(start);
      }
      if (src.startsWith("<<", pos)
          && pos + 2 < src.length()
          && (src.charAt(pos + 2) == '-' || Character.isLetter(src.charAt(pos + 2)))) {
        return heredoc(start);
      }
      for (String op : OPERATORS) {
        if (src.startsWith(op, pos)) {
          pos += op.length();
          return token(Kind.OP, start);
        }
      }
      throw error("unexpected character '" + c + "'");
    }

    private void skipBlanksAndComments() {
      while (pos < src.length()) {
        char c = src.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\r') {
          pos++;
        } else if (c == '#' || src.startsWith("//", pos)) {
          while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
          }
        } else if (src.startsWith("/*", pos)) {
          int end = src.indexOf("*/", pos + 2);
          if (end < 0) {
            throw error("unterminated comment");
          }
          for (int i = pos; i < end; i++) {
            if (src.charAt(i) == '\n') {
              line++;
            }
          }
          pos = end + 2;
        } else {
          return;
        }
      }
    }

    private Token token(Kind kind, int start) {
      return new Token(kind, src.substring(start, pos), null, List.of(), start, pos, line);
    }

    private Token quoted(int start) {
      int startLine = line;
      pos++; // opening quote
      StringBuilder value = new StringBuilder();
      List<List<Token>> parts = new ArrayList<>();
      while (true) {
        if (pos >= src.length() || src.charAt(pos) == '\n') {
          throw error("unterminated string");
        }
        char c = src.charAt(pos);
        if (c == '"') {
          pos++;
          break;
        }
        if (c == '\\') {
          value.append(escape());
          continue;
        }
        if (!templateMarker(value, parts)) {
          value.append(c);
          pos++;
        }
      }
      return new Token(
          Kind.STRING,
          src.substring(start, pos),
          value.toString(),
          List.copyOf(parts),
          start,
          pos,
          startLine);
    }

    /** Handles {@code $${}, {@code %%{}, {@code ${...}} and {@code %{...}} at pos. */
    private boolean templateMarker(StringBuilder value, List<List<Token>> parts) {
      if ((src.startsWith("$${", pos) || src.startsWith("%%{", pos))) {
        value.append(src, pos + 1, pos + 3);
        pos += 3;
        return true;
      }
      if (src.startsWith("${", pos) || src.startsWith("%{", pos)) {
        int from = pos;
        pos += 2;
        parts.add(List.copyOf(untilClosingBrace()));
        value.append(src, from, pos);
        return true;
      }
      return false;
    }

    private String escape() {
      char n = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
      pos += 2;
      switch (n) {
        case 'n':
          return "\n";
        case 'r':
          return "\r";
        case 't':
          return "\t";
        case '"':
          return "\"";
        case '\\':
          return "\\";
        case 'u':
        case 'U':
          int digits = n == 'u' ? 4 : 8;
          String hex = src.substring(pos, pos + digits);
          pos += digits;
          return new String(Character.toChars(Integer.parseInt(hex, 16)));
        default:
          throw error("unknown escape \\" + n);
      }
    }

    private Token heredoc(int start) {
      int startLine = line;
      pos += 2;
      boolean indented = false;
      if (src.charAt(pos) == '-') {
        indented = true;
        pos++;
      }
      int markerStart = pos;
      while (pos < src.length()
          && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      String marker = src.substring(markerStart, pos);
      int eol = src.indexOf('\n', pos);
      if (marker.isEmpty() || eol < 0 || !src.substring(pos, eol).isBlank()) {
        throw error("malformed heredoc");
      }
      pos = eol + 1;
      line++;
      int bodyStartLine = line;
      List<String> lines = new ArrayList<>();
      while (true) {
        if (pos >= src.length()) {
          throw error("heredoc " + marker + " is not closed");
        }
        int end = src.indexOf('\n', pos);
        if (end < 0) {
          end = src.length();
        }
        String text = src.substring(pos, end);
        pos = end;
        if (text.strip().equals(marker)) {
          break; // the new line after the marker ends the attribute
        }
        lines.add(text);
        pos = Math.min(end + 1, src.length());
        line++;
      }
      if (indented) {
        int common =
            lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        lines.replaceAll(l -> l.isBlank() ? "" : l.substring(common));
      }
      String content = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
      Lexer inner = new Lexer(content, file, bodyStartLine);
      StringBuilder value = new StringBuilder();
      List<List<Token>> parts = new ArrayList<>();
      while (inner.pos < content.length()) {
        if (!inner.templateMarker(value, parts)) {
          value.append(content.charAt(inner.pos));
          inner.pos++;
        }
      }
      return new Token(
          Kind.HEREDOC,
          src.substring(start, pos),
          value.toString(),
          List.copyOf(parts),
          start,
          pos,
          startLine);
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException(file + ":" + line + ": " + message);
    }
  }
}
