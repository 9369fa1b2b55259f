@NullMarked
package io.subgate.adapter.dynamodb;

import org.jspecify.annotations.NullMarked;
