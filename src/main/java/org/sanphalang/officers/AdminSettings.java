package org.sanphalang.officers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator ({@code SANPHALANG_ADMIN_USER} / {@code SANPHALANG_ADMIN_PASSWORD}); with no password
 * set, a random one is generated and printed once in the log.
 */
@ConfigurationProperties("sanphalang.admin")
record AdminSettings(@DefaultValue("admin") String user, String password) {
}
