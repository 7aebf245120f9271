package org.sanphalang.simulator;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.sanphalang.line.LineChannel;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outside simulator mode the simulator does not exist: its page, scripts and API all answer 404 (the stand-in
 * Messaging API under {@code /v2/bot} checks for itself).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SimulatorOnlyFilter extends OncePerRequestFilter {

    private final LineChannel channel;

    SimulatorOnlyFilter(LineChannel channel) {
        this.channel = channel;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return channel.simulator() || !(path.equals("/simulator") || path.startsWith("/simulator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"not_found\",\"message\":\"Not found\"}");
    }
}
