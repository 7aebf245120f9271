/**
 * The built-in LINE simulator, for trying the bot with no LINE channel: in simulator mode (no credentials) the
 * application serves a stand-in of LINE's Messaging API under {@code /v2/bot} (where the SDK expects it) and the bot's SDK
 * client talks to it exactly as it would to LINE. What the bot sends is kept in a transcript.
 */
@org.springframework.modulith.ApplicationModule(displayName = "LINE simulator")
package org.sanphalang.simulator;
