@NullMarked
package io.subgate.adapter.memory;

import org.jspecify.annotations.NullMarked;
