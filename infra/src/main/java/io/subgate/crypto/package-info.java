@NullMarked
package io.subgate.crypto;

import org.jspecify.annotations.NullMarked;
