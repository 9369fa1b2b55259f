@NullMarked
package io.subgate.token;

import org.jspecify.annotations.NullMarked;
