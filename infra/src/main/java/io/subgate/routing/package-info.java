@NullMarked
package io.subgate.routing;

import org.jspecify.annotations.NullMarked;
