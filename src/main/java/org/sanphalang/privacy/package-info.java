/**
 * Personal data under Thailand's PDPA: each module that keeps data about a person implements
 * {@link org.sanphalang.privacy.PersonalData}; officers export or erase a person's data here (audit-logged), and a
 * villager asks for erasure by typing "ลบข้อมูลของฉัน".
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy")
package org.sanphalang.privacy;
