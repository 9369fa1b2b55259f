package io.subgate.secrets;

import java.util.Map;

/**
 * Where secrets are kept (port). A secret is a JSON object of string fields, as Secrets Manager
 * keeps database credentials ({@code username}, {@code password}).
 *
 * <p>Contract: {@link #fields} returns the current version's string fields, reading the store on
 * every call (callers decide how often); a secret that is missing, unreadable or not a JSON object
 * is a {@link SecretUnavailableException} naming the secret, never an empty map; the value never
 * appears in an exception message or a log line.
 */
public interface SecretStore {
  Map<String, String> fields(String secretId);
}
