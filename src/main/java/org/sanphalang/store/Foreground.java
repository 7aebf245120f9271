package org.sanphalang.store;

/**
 * Whether work that must not wait — answering LINE's webhook — is under way in a crowd right now. The embedded store's
 * housekeeping waits for a quiet moment while it is; without such a bean it never waits.
 */
@FunctionalInterface
public interface Foreground {

    boolean busy();
}
