package dev.backplane.console.security;

import java.io.Serializable;

/**
 * What a login sent to Keycloak must find again at the callback: its nonce, PKCE verifier, page.
 */
record PendingLogin(String nonce, String codeVerifier, String returnTo) implements Serializable {}
