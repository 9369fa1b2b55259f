@NullMarked
package io.subgate.gateway.admission;

import org.jspecify.annotations.NullMarked;
