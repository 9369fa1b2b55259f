@NullMarked
package io.subgate.tenancy;

import org.jspecify.annotations.NullMarked;
