@NullMarked
package io.subgate.gateway.admin;

import org.jspecify.annotations.NullMarked;
