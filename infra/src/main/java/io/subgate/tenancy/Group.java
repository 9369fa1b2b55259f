package io.subgate.tenancy;

import io.subgate.account.Platform;
import java.time.Instant;

/** A pool of accounts of one platform that API keys are bound to. */
public record Group(long id, String name, Platform platform, Instant createdAt) {}
