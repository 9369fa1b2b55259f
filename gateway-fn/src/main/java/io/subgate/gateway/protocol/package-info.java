@NullMarked
package io.subgate.gateway.protocol;

import org.jspecify.annotations.NullMarked;
