package dev.usher.auth;

import java.util.Optional;

/**
 * Recognises the tokens that paired devices hold. The device feature implements it, so that
 * {@code auth} depends on no feature package.
 */
public interface DeviceTokens {
    /** The live (not revoked) device holding {@code token}, as a caller; empty for any other token. */
    Optional<Principal> authenticate(String token);
}
