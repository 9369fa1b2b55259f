@NullMarked
package io.subgate.gateway.client;

import org.jspecify.annotations.NullMarked;
