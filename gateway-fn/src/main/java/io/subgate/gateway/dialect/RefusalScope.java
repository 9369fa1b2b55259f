package io.subgate.gateway.dialect;

import io.micronaut.json.tree.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an upstream 403 or 404 refuses. Why it matters: a refusal that a client can provoke at will
 * (a model its key may not use, a request the provider will not take) must never park the account
 * for everyone; only a refusal of the credential itself does.
 */
enum RefusalScope {
  /** The request itself (content policy, a parameter): the client's answer, nothing parked. */
  REQUEST,
  /** The requested model (not found, no access): that account skips that model for a while. */
  MODEL,
  /** The credential or its account (revoked, suspended, a project that lost access): parked. */
  CREDENTIAL,
  /** A 404 that names neither (a path the provider does not have): the client's answer. */
  NOT_FOUND;

  /** Codes and Google statuses that name a model, whatever the message says. */
  private static final Pattern MODEL_CODE =
      Pattern.compile("(?i)model_not_found|model_not_allowed");

  /**
   * A message about a model: "The model `x` does not exist", "model: x", "models/x is not found".
   */
  private static final Pattern MODEL_WORDS = Pattern.compile("(?i)\\bmodels?\\b|models/");

  /**
   * The scope of a complete 403 or 404 answer whose parsed body is {@code root} (any of the
   * upstreams' error shapes, {@link RequestFaults#errorOf}).
   */
  static RefusalScope of(int status, @Nullable JsonNode root) {
    JsonNode error = RequestFaults.errorOf(root);
    if (RequestFaults.namedSpecifically(error)) {
      return REQUEST;
    }
    if (namesModel(error)) {
      return MODEL;
    }
    return status == 404 ? NOT_FOUND : CREDENTIAL;
  }

  /** Whether the upstream's answer goes to the client as it is, nothing parked or retried. */
  boolean answersClient() {
    return this == REQUEST || this == NOT_FOUND;
  }

  private static boolean namesModel(@Nullable JsonNode error) {
    if (error == null) {
      return false;
    }
    for (String field : new String[] {"code", "type", "status"}) {
      if (MODEL_CODE.matcher(text(error, field)).find()) {
        return true;
      }
    }
    return MODEL_WORDS.matcher(text(error, "message").toLowerCase(Locale.ROOT)).find();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.getStringValue() : "";
  }
}
