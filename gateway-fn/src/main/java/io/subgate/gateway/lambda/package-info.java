/** The gateway's AWS Lambda entry point (API Gateway HTTP API, payload format 2.0). */
@NullMarked
package io.subgate.gateway.lambda;

import org.jspecify.annotations.NullMarked;
