@NullMarked
package io.subgate.testing.process;

import org.jspecify.annotations.NullMarked;
