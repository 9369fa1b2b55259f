@NullMarked
package io.subgate.gateway.translate;

import org.jspecify.annotations.NullMarked;
