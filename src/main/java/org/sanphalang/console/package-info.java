/**
 * The officers' web console: server-rendered, Thai first with English, usable on a phone in the field and a PC in
 * the district office. Form login with a session and CSRF protection; every page shows only the officer's area.
 * It holds no logic of its own: each page reads and acts through the feature modules' public types.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console")
package org.sanphalang.console;
