@NullMarked
package io.subgate.adapter.redis;

import org.jspecify.annotations.NullMarked;
