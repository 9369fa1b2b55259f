@NullMarked
package io.subgate.refresher;

import org.jspecify.annotations.NullMarked;
