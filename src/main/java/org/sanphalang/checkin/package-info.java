/**
 * Check-ins and needs in the villagers' own words: the lexicon parser, recording what a group reports (by text
 * or by buttons), confirming it with a card that can be corrected or undone, keeping per-group per-period totals
 * up to date on every write, and the group's own commands (สรุป, ความต้องการ, ช่วยเหลือ). A message that reports a
 * problem is published as {@link org.sanphalang.checkin.NeedReported} for the needs module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Check-ins")
package org.sanphalang.checkin;
