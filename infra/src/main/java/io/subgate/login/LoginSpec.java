package io.subgate.login;

import java.util.Map;

/**
 * How one platform's own OAuth client signs in: where the user authorizes, where the provider sends
 * the code, the scope asked for, and the extra parameters the client sends.
 *
 * @param tokenForm whether the token endpoint takes a form (Google, OpenAI) or JSON (Anthropic)
 */
public record LoginSpec(
    String authorizeUrl,
    String redirectUri,
    String scope,
    Map<String, String> extraParams,
    boolean tokenForm) {}
