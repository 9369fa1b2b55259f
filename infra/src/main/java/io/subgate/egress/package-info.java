/**
 * Egress: the route an account's calls leave by — direct, or through the operator's HTTP or SOCKS5
 * proxy for that account. Every call made for an account (inference, token refresh, the OAuth
 * exchange at onboarding, the account check, project discovery) takes its route; a proxied route
 * never falls back to the direct one.
 */
@NullMarked
package io.subgate.egress;

import org.jspecify.annotations.NullMarked;
