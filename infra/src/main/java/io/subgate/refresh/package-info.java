@NullMarked
package io.subgate.refresh;

import org.jspecify.annotations.NullMarked;
