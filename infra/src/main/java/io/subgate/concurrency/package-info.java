@NullMarked
package io.subgate.concurrency;

import org.jspecify.annotations.NullMarked;
