/**
 * The LINE groups the bot is in and the people in them: joins and leaves, members coming and going, 1:1
 * followers, and their names as LINE reports them (cached). LINE lists a group's member ids only for verified
 * or premium accounts, so the roster is built from member events and from who speaks.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Groups")
package org.sanphalang.groups;
