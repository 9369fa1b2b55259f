package io.subgate.account;

/** How an account authenticates upstream. */
public enum AccountType {
  /** OAuth access and refresh token; refreshed by the token lifecycle. */
  OAUTH("oauth"),
  /**
   * Anthropic inference-only OAuth token; refreshed like {@link #OAUTH} when it has a refresh
   * token.
   */
  SETUP_TOKEN("setup-token"),
  /** A static provider API key. */
  APIKEY("apikey"),
  /** A static key for another relay, with its own base URL. */
  UPSTREAM("upstream");

  private final String wireName;

  AccountType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** True when the credentials are OAuth tokens rather than a static key. */
  public boolean usesOAuth() {
    return this == OAUTH || this == SETUP_TOKEN;
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code value} is unknown
   */
  public static AccountType fromWire(String value) {
    for (AccountType t : values()) {
      if (t.wireName.equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException("must be one of oauth, setup-token, apikey, upstream");
  }
}
