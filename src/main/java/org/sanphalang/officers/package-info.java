/**
 * Officers and who may do what: login for the officer APIs and console, roles, and the first administrator.
 * LINE webhooks and the public pages are open; everything under {@code /api} needs an officer.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Officers")
package org.sanphalang.officers;
