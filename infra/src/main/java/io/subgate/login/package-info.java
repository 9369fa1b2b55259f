/**
 * OAuth onboarding: the authorization URL of each platform's own client (PKCE, state kept
 * server-side for a short time, single use) and the exchange of the code for tokens.
 */
@NullMarked
package io.subgate.login;

import org.jspecify.annotations.NullMarked;
