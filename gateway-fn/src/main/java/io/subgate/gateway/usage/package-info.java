@NullMarked
package io.subgate.gateway.usage;

import org.jspecify.annotations.NullMarked;
