@NullMarked
package io.subgate.gateway.proxy;

import org.jspecify.annotations.NullMarked;
