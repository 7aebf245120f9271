/**
 * The audit log: who registered a group, changed a role, exported or erased someone's data — with time and
 * actor. Entries are only ever added.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit log")
package org.sanphalang.audit;
