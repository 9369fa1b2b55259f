@NullMarked
package io.subgate.adapter.jdbc;

import org.jspecify.annotations.NullMarked;
