/**
 * The connection to LINE: channel credentials, the Messaging API clients (official SDK, base URLs from
 * settings so tests and the simulator can stand in for LINE) and the webhook signature parser.
 * <p>
 * With no channel secret or token set the bot runs in simulator mode: a secret is generated at start and the
 * clients point at the application's own stand-in of the Messaging API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "LINE connection")
package org.sanphalang.line;
