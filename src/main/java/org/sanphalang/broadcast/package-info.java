/**
 * Broadcasts: an officer's announcement to the registered groups of a segment (product, tambon, village, or
 * chosen groups), from the API or from the officer's 1:1 LINE chat ({@code ประกาศ <text>} → a preview with the
 * number of groups and the quota cost → confirm or cancel). Each group's push goes through the outbox under the
 * broadcast's key, which is also how the delivery report is read.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Broadcasts")
package org.sanphalang.broadcast;
