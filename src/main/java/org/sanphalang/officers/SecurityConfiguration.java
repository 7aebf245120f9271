package org.sanphalang.officers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * Who may call what. Two doors: the officer API ({@code /api/**}) takes HTTP Basic on every request and keeps no
 * session — so a browser's console session can never be ridden by another site against it, and CSRF tokens are not
 * needed there; everything else (the console) uses a form login with a session and CSRF protection. LINE's webhook,
 * the public story pages and the simulator are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * LINE's webhook proves itself with the body's HMAC signature (checked in the controller), never with a login,
     * session or CSRF token, and its answer goes to LINE's servers, never to a browser: its own chain keeps none of
     * the filters, not even the security headers (a browser's defences; writing them was about 2 % of a webhook
     * request's CPU at saturation, bench/RESULTS.md, session 14). Leaving it out of Spring Security altogether,
     * web.ignoring(), logs a warning at every start.
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhook(HttpSecurity http) throws Exception {
        http.securityMatcher("/callback")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .servletApi(servletApi -> servletApi.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    /**
     * No Spring Security observations — of filter chains, authentications or authorizations. Switched off only by
     * Boot's {@code management.observations.enable.spring.security=false}, each was still started as a no-op, and every
     * security filter of every request wrapped to do so: 6 % of a webhook request's CPU at saturation
     * (bench/RESULTS.md, session 14). The HTTP server metrics still time every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/jobs/**", "/api/v1/officers/**", "/api/v1/audit/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole("ADMIN", "OFFICER", "VIEWER")
                        .anyRequest().hasAnyRole("ADMIN", "OFFICER"))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                "/simulator/**", "/v2/bot/**", "/stories/**", "/charts/**", "/error", "/console/login",
                                "/console/css/**").permitAll()
                        .requestMatchers("/actuator/**", "/console/officers/**", "/console/officers").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/console/**").hasAnyRole("ADMIN", "OFFICER")
                        .anyRequest().hasAnyRole("ADMIN", "OFFICER", "VIEWER"))
                // The bot's own SDK client and the simulator page (simulator mode only) carry no CSRF token;
                // the console keeps it.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/v2/bot/**", "/simulator/api/**"))
                .formLogin(form -> form.loginPage("/console/login").defaultSuccessUrl("/console", true).permitAll())
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?out"))
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
