package org.sanphalang.officers;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param user          first administrator ({@code SANPHALANG_ADMIN_USER}), created at start if missing
 * @param password      its password ({@code SANPHALANG_ADMIN_PASSWORD}); unset: a random one, printed once
 * @param linkCodeTtl   how long a code for linking an officer's LINE account stays valid
 */
@ConfigurationProperties("sanphalang.admin")
record AdminSettings(@DefaultValue("admin") String user, String password,
                     @DefaultValue("15m") Duration linkCodeTtl) {
}
