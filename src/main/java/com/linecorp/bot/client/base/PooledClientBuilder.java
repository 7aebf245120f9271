package com.linecorp.bot.client.base;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * Sanphalang's, not the SDK's: the SDK's client builder, with a connection pool that keeps as many idle connections
 * as calls may be in flight. OkHttp keeps 5, so over HTTP/1.1 a fan-out with 32 senders closed and opened again
 * 500–2,600 connections per 10,000 pushes, each a TCP (and, to a real host, TLS) handshake on both ends
 * (bench/RESULTS.md, session 25). LINE's API speaks HTTP/2, where OkHttp sends every call over one connection; the
 * simulator's stand-in API and any HTTP/1.1 hop in between do not.
 * <p>
 * It lives in the SDK's package because that is where the builder's one way in, {@code createBuilder()}, can be
 * overridden: the SDK (9.x) has no setting for the pool. {@code LineClientConnectionTest} fails if this override
 * stops taking effect.
 */
public final class PooledClientBuilder<T> extends ApiAuthenticatedClientBuilder<T> {

    private final int idleConnections;

    public PooledClientBuilder(URI apiEndPoint, Class<T> clientClass, ExceptionBuilder exceptionBuilder, String channelToken,
                               int idleConnections) {
        super(apiEndPoint, clientClass, exceptionBuilder, channelToken);
        this.idleConnections = idleConnections;
    }

    @Override
    OkHttpClient.Builder createBuilder() {
        // OkHttp's own keep-alive: an idle connection is closed after 5 minutes.
        return super.createBuilder().connectionPool(new ConnectionPool(idleConnections, 5, TimeUnit.MINUTES));
    }
}
