/**
 * Where the data lives. With {@code MONGODB_URI} unset, an embedded MongoDB-compatible server
 * (mongo-java-server, H2 file backend) starts inside the process so the bot runs with zero set-up;
 * otherwise the application talks to the real MongoDB named there.
 * <p>
 * {@link org.sanphalang.store.DurableWrites} is the one promise other modules rely on: once it returns,
 * what they wrote survives a kill -9 on either store.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Store")
package org.sanphalang.store;
