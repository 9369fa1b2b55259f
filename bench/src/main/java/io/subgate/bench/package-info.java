@NullMarked
package io.subgate.bench;

import org.jspecify.annotations.NullMarked;
