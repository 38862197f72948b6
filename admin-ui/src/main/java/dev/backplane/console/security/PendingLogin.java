package dev.backplane.console.security;

/**
 * What a login sent to Keycloak must find again at the callback: its nonce, PKCE verifier, page,
 * and until when it may come back (epoch milliseconds).
 */
record PendingLogin(String nonce, String codeVerifier, String returnTo, long expiresAt) {}
