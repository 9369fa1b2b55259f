@NullMarked
package io.subgate.support;

import org.jspecify.annotations.NullMarked;
