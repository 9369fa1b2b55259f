/**
 * Secrets read from a secret store (AWS Secrets Manager) at start-up and again on a schedule, so
 * that no secret sits in a function's environment and a rotation needs no redeploy.
 */
@NullMarked
package io.subgate.secrets;

import org.jspecify.annotations.NullMarked;
