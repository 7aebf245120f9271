package org.sanphalang.officers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/** Who may call what: LINE and public pages are open, the officer API needs a login and a role. */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/callback", "/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                "/simulator/**", "/v2/bot/**", "/stories/**", "/charts/**", "/error").permitAll()
                        .requestMatchers("/api/v1/jobs/**", "/api/v1/officers/**", "/api/v1/audit/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole("ADMIN", "OFFICER", "VIEWER")
                        .requestMatchers("/api/**").hasAnyRole("ADMIN", "OFFICER")
                        .anyRequest().authenticated())
                // LINE, API clients and the bot's own SDK client (simulator mode) carry no CSRF token;
                // the browser console (form login) keeps CSRF protection.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/callback", "/api/**", "/v2/bot/**"))
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
