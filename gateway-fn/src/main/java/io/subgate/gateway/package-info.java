@NullMarked
package io.subgate.gateway;

import org.jspecify.annotations.NullMarked;
