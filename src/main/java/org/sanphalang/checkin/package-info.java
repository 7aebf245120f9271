/**
 * Check-ins and needs, in the villagers' own words. Producer groups report progress in their LINE group
 * the way they talk ("ผลิต ๒๐๐ ห่อ ขายได้ ๑๕๐ ได้เงิน ๓,๗๕๐ บาท") and mention problems the same way
 * ("ฝนตก ตากกล้วยไม่ได้"); this module turns such a message into figures an officer can add up.
 * <p>
 * Today only the parser exists: {@link org.sanphalang.checkin.CheckInParser} reads one message into a
 * {@link org.sanphalang.checkin.ParsedMessage} and stores nothing. Its tokenizer, lexicons and grammar live in
 * the {@code internal} package and are not part of the module's API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Check-ins")
package org.sanphalang.checkin;
