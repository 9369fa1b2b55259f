package io.subgate.gateway.translate;

import io.subgate.gateway.relay.SseFrames;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * JSON text written by hand for the events a converted stream sends most — a text delta per
 * upstream event — where building a tree and serialising it cost more than the rest of the
 * conversion; and the SSE framing every converted event shares.
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** {@code s} as a JSON string literal, quotes included, appended to {@code out}. */
  static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** One SSE frame: {@code event:} when named, one {@code data:} line, the blank line. */
  static byte[] sse(@Nullable String event, byte[] data) {
    return SseFrames.frame(event == null ? "" : event, data);
  }

  /** One SSE frame of hand-written JSON. */
  static byte[] sse(@Nullable String event, CharSequence data) {
    return sse(event, data.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The text of the object member {@code name} of the JSON object {@code json} when it is itself an
   * object, found by scanning (strings and nesting respected, nothing built); null when {@code
   * json} is no object or has no such member. Code Assist wraps every chunk in {@code {"response":
   * …}}: its inner text is the Gemini chunk, with no tree built and no text written.
   */
  static @Nullable String objectMember(String json, String name) {
    int n = json.length();
    int i = skipSpace(json, 0);
    if (i >= n || json.charAt(i) != '{') {
      return null;
    }
    i++;
    while (true) {
      i = skipSpace(json, i);
      if (i >= n || json.charAt(i) == '}') {
        return null;
      }
      if (json.charAt(i) == ',') {
        i++;
        continue;
      }
      if (json.charAt(i) != '"') {
        return null;
      }
      int keyEnd = skipString(json, i);
      if (keyEnd < 0) {
        return null;
      }
      boolean wanted =
          json.regionMatches(i + 1, name, 0, name.length()) && keyEnd == i + name.length() + 2;
      i = skipSpace(json, keyEnd);
      if (i >= n || json.charAt(i) != ':') {
        return null;
      }
      i = skipSpace(json, i + 1);
      int end = skipValue(json, i);
      if (end < 0) {
        return null;
      }
      if (wanted) {
        return json.charAt(i) == '{' ? json.substring(i, end) : null;
      }
      i = end;
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index after the string starting at {@code i} (a quote); -1 when it does not end. */
  private static int skipString(String s, int i) {
    for (int j = i + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '"') {
        return j + 1;
      }
    }
    return -1;
  }

  /** The index after the value starting at {@code i}; -1 when it does not end. */
  private static int skipValue(String s, int i) {
    if (i >= s.length()) {
      return -1;
    }
    char first = s.charAt(i);
    if (first == '"') {
      return skipString(s, i);
    }
    if (first != '{' && first != '[') {
      int j = i;
      while (j < s.length() && ",}] \t\r\n".indexOf(s.charAt(j)) < 0) {
        j++;
      }
      return j;
    }
    int depth = 0;
    for (int j = i; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '"') {
        j = skipString(s, j);
        if (j < 0) {
          return -1;
        }
        j--;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return j + 1;
        }
      }
    }
    return -1;
  }
}
