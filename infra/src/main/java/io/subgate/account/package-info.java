@NullMarked
package io.subgate.account;

import org.jspecify.annotations.NullMarked;
