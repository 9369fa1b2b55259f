@NullMarked
package io.subgate.gateway.dialect;

import org.jspecify.annotations.NullMarked;
