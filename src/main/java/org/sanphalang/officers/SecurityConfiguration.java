package org.sanphalang.officers;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** Who may call what. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/callback", "/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                "/simulator/**", "/v2/bot/**", "/stories/**", "/error").permitAll()
                        .requestMatchers("/api/**", "/actuator/**").authenticated()
                        .anyRequest().authenticated())
                // LINE, API clients and the bot's own SDK client (simulator mode) carry no CSRF token; the browser console (form login) keeps CSRF on.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/callback", "/api/**", "/v2/bot/**"))
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService officers(AdminSettings admin, PasswordEncoder encoder) {
        String password = admin.password();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("No SANPHALANG_ADMIN_PASSWORD set. Administrator '{}' has this generated password (shown once): {}",
                    admin.user(), password);
        }
        return new InMemoryUserDetailsManager(User.withUsername(admin.user())
                .password(encoder.encode(password)).roles("ADMIN", "OFFICER").build());
    }
}
