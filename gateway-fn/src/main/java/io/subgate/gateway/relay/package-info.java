@NullMarked
package io.subgate.gateway.relay;

import org.jspecify.annotations.NullMarked;
