package io.subgate.token;

/**
 * An access token as cached for the request path.
 *
 * @param credentialsVersion version of the credentials the token came from; the cache never
 *     replaces a token with one of a lower version
 */
public record CachedToken(String accessToken, long credentialsVersion) {

  @Override
  public String toString() {
    return "CachedToken[accessToken=***, credentialsVersion=" + credentialsVersion + "]";
  }
}
