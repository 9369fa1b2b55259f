@NullMarked
package io.subgate.config;

import org.jspecify.annotations.NullMarked;
