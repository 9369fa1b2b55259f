@NullMarked
package io.subgate.platform;

import org.jspecify.annotations.NullMarked;
